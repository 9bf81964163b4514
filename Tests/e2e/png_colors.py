#!/usr/bin/env python3
"""Counts the pixels of given colours in a PNG (8-bit RGB or RGBA, as Chromium writes them).

usage: png_colors.py FILE.png RRGGBB [RRGGBB ...]   prints "RRGGBB COUNT" per colour
A pixel counts when each channel is within 16 of the colour (anti-aliasing blurs line edges).
"""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), f"{path}: unsupported PNG (depth {depth}, colour type {color})"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        previous = line
        for x in range(0, stride, channels):
            yield line[x], line[x + 1], line[x + 2]


def main():
    path, colours = sys.argv[1], [bytes.fromhex(c) for c in sys.argv[2:]]
    counts = [0] * len(colours)
    for r, g, b in pixels(path):
        for i, c in enumerate(colours):
            if abs(r - c[0]) <= 16 and abs(g - c[1]) <= 16 and abs(b - c[2]) <= 16:
                counts[i] += 1
    for c, n in zip(sys.argv[2:], counts):
        print(c, n)


main()
