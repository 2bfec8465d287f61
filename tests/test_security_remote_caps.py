"""Over the network, formats that search whole files fetch only a bounded prefix."""

from __future__ import annotations

from dataclasses import dataclass, field

from unveil.security.formats import ScanContext
from unveil.security.formats.keras_h5 import MAX_H5_SCAN_REMOTE, scan_h5

H5_MAGIC = b"\x89HDF\r\n\x1a\n"


@dataclass
class CountingSource:
    """A huge sparse HDF5-looking file that counts the bytes asked for."""

    size: int
    remote: bool
    head: bytes = H5_MAGIC + b"\x00" * 64
    served: list[int] = field(default_factory=list)

    def read(self, start: int, length: int) -> bytes:
        length = max(0, min(length, self.size - start))
        self.served.append(length)
        chunk = self.head[start : start + length] if start < len(self.head) else b""
        return chunk + b"\x00" * (length - len(chunk))


def test_remote_h5_reads_only_a_prefix_and_says_so() -> None:
    source = CountingSource(size=24 * 1024**3, remote=True)
    ctx = ScanContext(path="tf_model.h5", source=source)
    scan_h5(ctx)
    assert sum(source.served) <= MAX_H5_SCAN_REMOTE + 1024 * 1024
    assert any("only the first part" in u.reason for u in ctx.unscannable)


def test_local_h5_searches_further() -> None:
    source = CountingSource(size=64 * 1024**2, remote=False)
    scan_h5(ScanContext(path="model.h5", source=source))
    assert sum(source.served) >= 64 * 1024**2
