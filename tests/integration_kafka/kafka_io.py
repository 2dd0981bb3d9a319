"""Talks to the broker with an independent client (confluent-kafka) for the integration tests:
creating topics, sending records, reading a topic back whole, and looking at consumer groups."""
import collections
import time
import uuid
from dataclasses import dataclass

from confluent_kafka import (Consumer, ConsumerGroupTopicPartitions, KafkaError, KafkaException,
                             Producer, TopicPartition)
from confluent_kafka.admin import AdminClient, NewTopic

TIMEOUT_S = 60
_COORDINATOR_MOVES = (KafkaError.NOT_COORDINATOR, KafkaError.COORDINATOR_LOAD_IN_PROGRESS,
                      KafkaError.COORDINATOR_NOT_AVAILABLE, KafkaError._TIMED_OUT)


def _transient(error):
    """Errors a fresh cluster gives while it still places its group coordinators."""
    return error.retriable() or error.code() in _COORDINATOR_MOVES


@dataclass(frozen=True)
class Record:
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple


def unique_name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def record_counts(records):
    """How often the topic holds each (key, value): compare two with `-` for lost and doubled."""
    return collections.Counter((r.key, r.value) for r in records)


def partitions_of(missing, records):
    """The partitions `records` hold the missing (key, value) pairs in; a key picks the same
    partition in every topic, so losses bunched in one point at a fault of its leader."""
    return dict(collections.Counter(r.partition for r in records if (r.key, r.value) in missing))


class Kafka:
    """One cluster, seen through its bootstrap list; `config` holds more librdkafka properties
    for every client (security, for a secured cluster)."""

    def __init__(self, bootstrap, config=None):
        self.bootstrap = bootstrap
        self.config = {"bootstrap.servers": bootstrap, **(config or {})}
        self.admin = AdminClient(self.config)

    def create_topic(self, name, partitions, replication=1, config=None):
        """config: topic settings, e.g. {"min.insync.replicas": "2"}."""
        futures = self.admin.create_topics(
            [NewTopic(name, num_partitions=partitions, replication_factor=replication,
                      config=config or {})],
            operation_timeout=TIMEOUT_S)
        futures[name].result(timeout=TIMEOUT_S)
        # Creation returns before every partition has a leader that producers can find.
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            topic = self.admin.list_topics(name, timeout=10).topics.get(name)
            if topic and not topic.error and len(topic.partitions) == partitions and all(
                    p.leader >= 0 for p in topic.partitions.values()):
                return name
            time.sleep(0.2)
        raise TimeoutError(f"topic {name} has no leaders after {TIMEOUT_S}s")

    def send(self, topic, messages):
        """messages: (key, value) pairs, sent in order with acks=all; returns when all landed."""
        producer = Producer({**self.config, "acks": "all",
                             "enable.idempotence": True, "linger.ms": 5})
        errors = []

        def on_delivery(err, _msg):
            if err is not None:
                errors.append(err)

        for key, value in messages:
            while True:
                try:
                    producer.produce(topic, key=key, value=value, on_delivery=on_delivery)
                    break
                except BufferError:
                    producer.poll(0.1)
            producer.poll(0)
        left = producer.flush(TIMEOUT_S)
        assert left == 0 and not errors, f"{left} records not delivered, errors {errors[:3]}"

    def end_offsets(self, topic, timeout=10):
        partitions = self.admin.list_topics(topic, timeout=timeout).topics[topic].partitions
        consumer = Consumer({**self.config, "group.id": unique_name("probe")})
        try:
            return {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)[1]
                    for p in sorted(partitions)}
        finally:
            consumer.close()

    def read_all(self, topic):
        """Every record of the topic up to its current end, by partition then offset."""
        ends = self.end_offsets(topic)
        consumer = Consumer({**self.config, "group.id": unique_name("reader"),
                             "enable.auto.commit": False, "enable.partition.eof": False})
        consumer.assign([TopicPartition(topic, p, 0) for p in ends])
        records, position = [], {p: 0 for p in ends}
        deadline = time.monotonic() + TIMEOUT_S
        try:
            while any(position[p] < ends[p] for p in ends):
                assert time.monotonic() < deadline, f"reading {topic} timed out at {position}"
                for msg in consumer.consume(num_messages=1000, timeout=1.0):
                    assert msg.error() is None, msg.error()
                    if msg.offset() >= ends[msg.partition()]:
                        continue
                    position[msg.partition()] = msg.offset() + 1
                    records.append(Record(msg.partition(), msg.offset(), msg.key(), msg.value(),
                                          tuple(msg.headers() or ())))
        finally:
            consumer.close()
        return sorted(records, key=lambda r: (r.partition, r.offset))

    def committed(self, group, topic):
        """The group's committed offset per partition of topic (absent when none). Asked
        through a consumer of the group that never joins it: the admin call for this
        (ListConsumerGroupOffsets) crashes librdkafka 2.16 when the coordinator answers
        NOT_COORDINATOR, as a fresh broker does (librdkafka issue 5040)."""
        partitions = self.admin.list_topics(topic, timeout=10).topics[topic].partitions
        consumer = Consumer({**self.config, "group.id": group,
                             "enable.auto.commit": False})
        deadline = time.monotonic() + TIMEOUT_S
        try:
            while True:
                try:
                    result = consumer.committed([TopicPartition(topic, p) for p in partitions],
                                                timeout=TIMEOUT_S)
                    break
                except KafkaException as e:
                    if not _transient(e.args[0]):
                        raise
                    assert time.monotonic() < deadline, f"committed offsets of {group}: {e}"
                    time.sleep(0.5)
        finally:
            consumer.close()
        return {tp.partition: tp.offset for tp in result if tp.offset >= 0}

    def commit(self, group, topic, offsets):
        """Sets the committed offsets of an empty group: {partition: offset}."""
        partitions = [TopicPartition(topic, p, o) for p, o in offsets.items()]
        request = [ConsumerGroupTopicPartitions(group, partitions)]
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            try:
                future = self.admin.alter_consumer_group_offsets(request, request_timeout=10)
                result = future[group].result()
                # Errors come per partition, in a result that otherwise looks like success.
                errors = [tp.error for tp in result.topic_partitions if tp.error is not None]
            except KafkaException as e:
                errors = [e.args[0]]
            if not errors:
                return
            assert all(_transient(e) for e in errors), errors
            assert time.monotonic() < deadline, f"committing for {group}: {errors}"
            time.sleep(0.5)

    def warm_up(self):
        """Waits until group coordinators answer: a fresh cluster creates __consumer_offsets
        at the first group request and refuses group calls while it places its partitions."""
        topic = self.create_topic(unique_name("warm-up"), 1)
        group = unique_name("warm-up")
        self.commit(group, topic, {0: 0})
        assert self.committed(group, topic) == {0: 0}
        self.admin.delete_topics([topic])[topic].result(timeout=TIMEOUT_S)

    def assignments(self, group):
        """{member id: set of partitions} of the group's current members."""
        description = self.admin.describe_consumer_groups([group])[group].result(timeout=TIMEOUT_S)
        return {m.member_id: {tp.partition for tp in m.assignment.topic_partitions}
                for m in description.members}
