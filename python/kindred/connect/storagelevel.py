"""Storage levels for DataFrame.persist, as PySpark names them."""
from ._proto import common_pb2


class StorageLevel:
    def __init__(self, useDisk, useMemory, useOffHeap, deserialized, replication=1):
        self.useDisk, self.useMemory, self.useOffHeap = useDisk, useMemory, useOffHeap
        self.deserialized, self.replication = deserialized, replication

    def _to_proto(self):
        return common_pb2.StorageLevel(use_disk=self.useDisk, use_memory=self.useMemory,
                                       use_off_heap=self.useOffHeap,
                                       deserialized=self.deserialized,
                                       replication=self.replication)

    @staticmethod
    def _from_proto(p):
        return StorageLevel(p.use_disk, p.use_memory, p.use_off_heap, p.deserialized,
                            p.replication)

    def _key(self):
        return (self.useDisk, self.useMemory, self.useOffHeap, self.deserialized,
                self.replication)

    def __eq__(self, other):
        return isinstance(other, StorageLevel) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return "StorageLevel(%s, %s, %s, %s, %d)" % self._key()


StorageLevel.NONE = StorageLevel(False, False, False, False)
StorageLevel.DISK_ONLY = StorageLevel(True, False, False, False)
StorageLevel.MEMORY_ONLY = StorageLevel(False, True, False, False)
StorageLevel.MEMORY_AND_DISK = StorageLevel(True, True, False, False)
StorageLevel.MEMORY_AND_DISK_DESER = StorageLevel(True, True, False, True)
StorageLevel.OFF_HEAP = StorageLevel(True, True, True, False, 1)
