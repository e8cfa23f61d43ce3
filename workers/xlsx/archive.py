"""The file before it is a workbook: size, what kind of file it really is, and the
merged ranges of a sheet (read from the zip, since read-only openpyxl drops them)."""

import io
import os
import re
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

Source = str | os.PathLike | bytes | BinaryIO

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_MB = 1024 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be read; `message` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_source(source: Source, max_bytes: int) -> BinaryIO:
    """A seekable binary stream at offset 0, after the size check.

    The size is checked before anything is parsed, so an oversized upload costs
    a stat or a seek, never a decompression."""
    if isinstance(source, bytes | bytearray | memoryview):
        _check_size(len(source), max_bytes)
        stream: BinaryIO = io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        try:
            _check_size(os.path.getsize(source), max_bytes)
            stream = open(source, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as exc:
            raise FileProblem(f"无法打开文件：{exc.strerror or exc}") from None
    elif hasattr(source, "seekable") and source.seekable():
        source.seek(0, os.SEEK_END)
        _check_size(source.tell(), max_bytes)
        source.seek(0)
        stream = source
    else:  # a pipe or an upload stream: read at most one byte past the limit
        data = source.read(max_bytes + 1)
        _check_size(len(data), max_bytes)
        stream = io.BytesIO(data)
    stream.seek(0)
    _check_signature(stream.read(512))
    stream.seek(0)
    return stream


def _check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise FileProblem("文件是空的（0字节），请重新选择文件")
    if size > max_bytes:
        raise FileProblem(
            f"文件过大：{size / _MB:.1f} MB，超过上限 {max_bytes / _MB:g} MB；"
            "请删除空白行、图片和多余的工作表，或分成几个文件导入"
        )


def _check_signature(head: bytes) -> None:
    """Name the usual impostors: an old .xls (or an encrypted workbook, which is
    also an OLE2 file), a PDF, a web page or CSV renamed to .xlsx."""
    if head.startswith(_ZIP):
        return
    if head.startswith(_OLE2):
        raise FileProblem(
            "这是旧版 Excel 97-2003（.xls）文件或设置了打开密码的工作簿，系统不支持；"
            "请在 Excel 中“另存为”Excel 工作簿（.xlsx），不要设置密码"
        )
    if head.startswith(b"%PDF"):
        raise FileProblem("这是 PDF 文件，不是 Excel 表格；请使用导入模板填写后上传 .xlsx 文件")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise FileProblem(
            "这是网页或 XML 格式的文件（常见于系统导出的表格），不是 .xlsx；"
            "请用 Excel 打开后“另存为”Excel 工作簿（.xlsx）"
        )
    if _looks_like_text(head):
        raise FileProblem("这是文本文件（如 CSV），不是 .xlsx；请用 Excel 打开后“另存为”Excel 工作簿（.xlsx）")
    raise FileProblem("无法识别的文件格式，不是 .xlsx 文件；请使用导入模板填写后上传")


def _looks_like_text(head: bytes) -> bool:
    # UTF-8 or GBK text has no control bytes; 512 random bytes almost surely do.
    return all(b >= 0x20 or b in b"\t\r\n" for b in head)


# A merge is one self-contained tag: <mergeCell ref="A2:B3"/>, possibly with a
# namespace prefix. '<' never occurs inside cell text in XML (it is escaped),
# so scanning the bytes finds exactly the tags.
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\sref\s*=\s*[\"']([^\"']+)")


def merged_ranges(stream: BinaryIO, member: str, chunk: int = 1 << 20) -> Iterator[str]:
    """The ranges ("A2:B3") merged in one sheet, streaming its XML in chunks: a
    100k-row sheet is decompressed once and never held in memory."""
    with zipfile.ZipFile(stream) as archive, archive.open(member) as xml:
        tail = b""
        while data := xml.read(chunk):
            buf = tail + data
            cut = buf.rfind(b"<")  # the last tag may be unfinished: keep it for the next chunk
            if cut < 0:
                cut = len(buf)
            if b"mergeCell" in buf:
                for match in _MERGE.finditer(buf, 0, cut):
                    yield match.group(1).decode("ascii", "replace")
            tail = buf[cut:]
        for match in _MERGE.finditer(tail):
            yield match.group(1).decode("ascii", "replace")
