// zlib, for the HdrHistogram interval logs' compressed histograms (deflate, as every
// HdrHistogram implementation writes them). Only LoadGen/Metrics/HistogramCodec.swift imports it.
#include <zlib.h>
