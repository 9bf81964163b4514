/*
 * The throughput ceiling: a plain C librdkafka producer sending already-serialized
 * transactions (loadgen's own `--output file:` JSON lines, keyed by their user_id) with the
 * same producer settings as loadgen's stress profile. Nothing any librdkafka-based generator
 * does can beat this on the same machine, broker and settings; scripts/bench.sh compares
 * loadgen against it.
 *
 * usage: ceiling_producer BOOTSTRAP TOPIC INPUT.jsonl COUNT [key=value ...]
 * prints one JSON line: {"messages":N,"failed":F,"seconds":S,"msgs_per_s":R,"mb_per_s":M}
 *
 * Paced (CEILING_RATE=N messages a second, CEILING_SLICE_US=U microseconds a slice, 1000 by
 * default): it sleeps to the end of each slice and then hands librdkafka that slice's
 * messages, as loadgen's live runs do, so `scripts/bench.sh throttled` can show what
 * librdkafka itself costs per message at a moderate rate with given settings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long delivered_count = 0, failed_count = 0;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk; (void)opaque;
    if (m->err) failed_count++; else delivered_count++;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct message { const char *value; size_t value_len; const char *key; size_t key_len; };

static void set(rd_kafka_conf_t *conf, const char *key, const char *value) {
    char err[512];
    if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "ceiling_producer: %s=%s: %s\n", key, value, err);
        exit(2);
    }
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s BOOTSTRAP TOPIC INPUT.jsonl COUNT [key=value ...]\n", argv[0]);
        return 2;
    }
    const char *bootstrap = argv[1], *topic = argv[2], *input = argv[3];
    long long count = atoll(argv[4]);

    /* Load the transactions; the key of each is its "user_id" value. */
    FILE *f = fopen(input, "rb");
    if (!f) { perror(input); return 2; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    if (fread(data, 1, (size_t)size, f) != (size_t)size) { perror("read"); return 2; }
    fclose(f);
    data[size] = 0;
    size_t capacity = 1024, n = 0;
    struct message *messages = malloc(capacity * sizeof *messages);
    for (char *line = data; line < data + size;) {
        char *end = memchr(line, '\n', (size_t)(data + size - line));
        if (!end) end = data + size;
        char *k = memmem(line, (size_t)(end - line), "\"user_id\":\"", 11);
        if (k) {
            k += 11;
            char *kend = memchr(k, '"', (size_t)(end - k));
            if (n == capacity) messages = realloc(messages, (capacity *= 2) * sizeof *messages);
            messages[n++] = (struct message){line, (size_t)(end - line), k, (size_t)(kend - k)};
        }
        line = end + 1;
    }
    if (n == 0) { fprintf(stderr, "ceiling_producer: no transactions in %s\n", input); return 2; }

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", bootstrap);
    set(conf, "acks", "all");
    set(conf, "enable.idempotence", "true");
    set(conf, "compression.type", "snappy");
    set(conf, "linger.ms", "5");
    set(conf, "partitioner", "murmur2_random");
    for (int i = 5; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) { fprintf(stderr, "ceiling_producer: expected key=value, got %s\n", argv[i]); return 2; }
        *eq = 0;
        set(conf, argv[i], eq + 1);
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    char err[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) { fprintf(stderr, "ceiling_producer: %s\n", err); return 2; }
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    const struct rd_kafka_metadata *md;
    if (rd_kafka_metadata(rk, 0, rkt, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "ceiling_producer: cannot reach %s\n", bootstrap);
        return 1;
    }
    rd_kafka_metadata_destroy(md);

    double rate = getenv("CEILING_RATE") ? atof(getenv("CEILING_RATE")) : 0;
    long long slice_ns = getenv("CEILING_SLICE_US") ? atoll(getenv("CEILING_SLICE_US")) * 1000 : 1000000;
    if (rate < 0 || slice_ns <= 0) { fprintf(stderr, "ceiling_producer: CEILING_RATE >= 0, CEILING_SLICE_US > 0\n"); return 2; }
    struct timespec origin;
    clock_gettime(CLOCK_MONOTONIC, &origin);
    long long released = rate > 0 ? 0 : count, slice_end_ns = 0;

    long long bytes = 0;
    double start = now_seconds();
    for (long long i = 0; i < count; i++) {
        while (i >= released) { /* paced: sleep to the end of the next slice that releases any */
            slice_end_ns += slice_ns;
            struct timespec wake = {origin.tv_sec + (origin.tv_nsec + slice_end_ns) / 1000000000,
                                    (origin.tv_nsec + slice_end_ns) % 1000000000};
            while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, NULL) == EINTR) {}
            released = (long long)(rate * (double)slice_end_ns / 1e9);
            if (released > count) released = count;
            rd_kafka_poll(rk, 0);
        }
        const struct message *m = &messages[i % (long long)n];
        while (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, (void *)m->value, m->value_len,
                                m->key, m->key_len, NULL) == -1) {
            if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                fprintf(stderr, "ceiling_producer: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
                return 1;
            }
            rd_kafka_poll(rk, 1); /* backpressure: serve reports until there is room */
        }
        bytes += (long long)(m->value_len + m->key_len);
        if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
    }
    while (rd_kafka_outq_len(rk) > 0) rd_kafka_poll(rk, 10);
    double seconds = now_seconds() - start;
    printf("{\"messages\":%lld,\"failed\":%lld,\"seconds\":%.3f,\"msgs_per_s\":%.1f,\"mb_per_s\":%.2f}\n",
           delivered_count, failed_count, seconds, (double)delivered_count / seconds, (double)bytes / 1048576.0 / seconds);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    free(messages);
    free(data);
    return failed_count ? 1 : 0;
}
