"""Serve a file from a storage with an ETag, conditional GETs and byte ranges.

Django's FileResponse sends whole files; a download of tens of megabytes that breaks off should
resume where it stopped (`Range: bytes=N-`), and a client that has the file already should get
a 304. One range per request (what download managers and curl ask for); several ranges get the
whole file, which RFC 9110 allows.
"""

import re
from collections.abc import Iterator

from django.core.files.storage import Storage
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(handle, start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def _range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(start, end) inclusive for a satisfiable single range; False when unsatisfiable; None
    when there is no usable Range header (the whole file is sent)."""
    match = _RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size:
        return False
    if end < start:
        return None
    return start, end


def serve_stored_file(
    request: HttpRequest,
    storage: Storage,
    name: str,
    *,
    etag: str,
    size: int,
    content_type: str,
    filename: str | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """The stored file `name` (of `size` bytes, identified by `etag`) for a GET or HEAD."""
    quoted = f'"{etag}"'
    not_modified = get_conditional_response(request, etag=quoted)
    if not_modified is not None:
        response = not_modified
    else:
        wanted = request.headers.get("Range", "")
        if_range = request.headers.get("If-Range")
        span = _range(wanted, size) if wanted and if_range in (None, quoted) else None
        if span is False:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
        elif span:
            start, end = span
            handle = storage.open(name, "rb")
            response = StreamingHttpResponse(
                _chunks(handle, start, end - start + 1), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = str(end - start + 1)
        else:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
            response["Content-Length"] = str(size)
    response["ETag"] = quoted
    response["Accept-Ranges"] = "bytes"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    for header, value in (headers or {}).items():
        response[header] = value
    return response
