"""The iden3 binary container shared by .r1cs, .wtns, .zkey and .ptau (iden3/binfileutils).

Layout: 4-byte ASCII magic, u32 version, u32 nSections, then nSections records {u32 id, u64 byteLen, payload};
every integer little-endian. Readers look sections up by id (the physical order varies between writers).
"""
from __future__ import annotations

import struct

from ..errors import DecodeError


def read_sections(data: bytes | memoryview, magic: bytes, max_version: int, what: str) -> dict[int, memoryview]:
    """Parse the container; returns {section id: payload}. Rejects a wrong magic, a version above max_version,
    duplicated ids, truncated sections and trailing bytes."""
    mv = memoryview(data)
    if len(mv) < 12:
        raise DecodeError(f"{what}: file shorter than its 12-byte header")
    if bytes(mv[:4]) != magic:
        raise DecodeError(f"{what}: magic is {bytes(mv[:4])!r}, expected {magic!r}")
    version, n_sections = struct.unpack_from("<II", mv, 4)
    if not 1 <= version <= max_version:
        raise DecodeError(f"{what}: version {version} is not supported (1..{max_version})")
    pos = 12
    sections: dict[int, memoryview] = {}
    for _ in range(n_sections):
        if pos + 12 > len(mv):
            raise DecodeError(f"{what}: section table truncated")
        sid, size = struct.unpack_from("<IQ", mv, pos)
        pos += 12
        if pos + size > len(mv):
            raise DecodeError(f"{what}: section {sid} runs past the end of the file")
        if sid in sections:
            raise DecodeError(f"{what}: section {sid} appears twice")
        sections[sid] = mv[pos:pos + size]
        pos += size
    if pos != len(mv):
        raise DecodeError(f"{what}: {len(mv) - pos} trailing bytes after the last section")
    return sections


def write_sections(magic: bytes, version: int, sections: list[tuple[int, bytes]]) -> bytes:
    parts = [magic, struct.pack("<II", version, len(sections))]
    for sid, payload in sections:
        parts.append(struct.pack("<IQ", sid, len(payload)))
        parts.append(bytes(payload))
    return b"".join(parts)


def need(sections: dict[int, memoryview], sid: int, what: str) -> memoryview:
    if sid not in sections:
        raise DecodeError(f"{what}: section {sid} is missing")
    return sections[sid]


class Reader:
    """Sequential little-endian reader over one section that must be consumed exactly."""

    def __init__(self, mv: memoryview, what: str) -> None:
        self.mv, self.pos, self.what = mv, 0, what

    def take(self, n: int) -> memoryview:
        if self.pos + n > len(self.mv):
            raise DecodeError(f"{self.what}: truncated")
        out = self.mv[self.pos:self.pos + n]
        self.pos += n
        return out

    def u32(self) -> int:
        return struct.unpack("<I", self.take(4))[0]

    def u64(self) -> int:
        return struct.unpack("<Q", self.take(8))[0]

    def bigint(self, n8: int) -> int:
        return int.from_bytes(self.take(n8), "little")

    def done(self) -> None:
        if self.pos != len(self.mv):
            raise DecodeError(f"{self.what}: {len(self.mv) - self.pos} unexpected trailing bytes")
