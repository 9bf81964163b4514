"""An independent count of a topic, for Tests/e2e/tansu.sh: confluent-kafka (its own librdkafka)
reads every partition from its beginning to the high watermark its fetches report (partition
EOF) and prints one JSON line: messages, distinct transaction ids, messages on the wrong
partition (Java's murmur2 of the key), keys that differ from user_id, and per partition the end
reached, the fetch high watermark and the end ListOffsets lists.

usage: tansu_count.py BOOTSTRAP TOPIC
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition, OFFSET_BEGINNING


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 (the Java client's), as an unsigned 32-bit value."""
    m, mask = 0x5BD1E995, 0xFFFFFFFF
    length = len(data)
    h = (0x9747B28C ^ length) & mask
    for i in range(0, length - length % 4, 4):
        k = data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24
        k = (k * m) & mask
        k ^= k >> 24
        k = (k * m) & mask
        h = ((h * m) & mask) ^ k
    tail, rest = length & ~3, length % 4
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    return h ^ (h >> 15)


def main() -> int:
    bootstrap, topic = sys.argv[1], sys.argv[2]
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": "tansu-count", "enable.auto.commit": False,
        "enable.partition.eof": True, "auto.offset.reset": "earliest",
    })
    partitions = sorted(consumer.list_topics(topic, timeout=10).topics[topic].partitions)
    listed = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
    ends, ids, count, misplaced, bad_keys = {}, set(), 0, 0, 0
    deadline = time.monotonic() + 60
    while len(ends) < len(partitions) and time.monotonic() < deadline:
        for message in consumer.consume(1000, 0.2):
            p = message.partition()
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    ends[p] = message.offset()
                    continue
                raise KafkaException(message.error())
            if p in ends:
                continue
            count += 1
            key = message.key() or b""
            value = json.loads(message.value())
            ids.add(value["transaction_id"])
            misplaced += (murmur2(key) & 0x7FFFFFFF) % len(partitions) != p
            bad_keys += key.decode() != value["user_id"]
    fetched = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), cached=True)[1] for p in partitions}
    consumer.close()
    print(json.dumps({
        "consumed": count, "unique": len(ids), "misplaced": misplaced, "bad_keys": bad_keys,
        "unfinished": [p for p in partitions if p not in ends],
        "ends": [ends.get(p) for p in partitions], "fetch_high": [fetched[p] for p in partitions],
        "listed_high": [listed[p] for p in partitions],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
