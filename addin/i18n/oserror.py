"""Why the operating system refused a file operation, in the user's words.

An `OSError`'s own text is the C library's English ("[Errno 13] Permission denied:
'/…/rep-R001.xlsx'"). The causes a user can act on — the file is open or read-only,
the disk is full or read-only, the name is too long — are said from the catalogue;
anything rarer keeps the system's text, so nothing is hidden.
"""

from __future__ import annotations

import errno

from addin.i18n.catalogue import Msg

_REASONS = {
    errno.EACCES: "os.denied",
    errno.EPERM: "os.denied",
    errno.EBUSY: "os.denied",
    errno.ENOSPC: "os.disk_full",
    errno.EDQUOT: "os.disk_full",
    errno.EROFS: "os.read_only_disk",
    errno.ENAMETOOLONG: "os.name_too_long",
    errno.EEXIST: "os.exists",
    errno.EXDEV: "os.other_disk",
}


def os_reason(exc: OSError) -> Msg | str:
    """The reason `exc` gives, as a catalogue message where one says it."""
    msg_id = _REASONS.get(exc.errno or -1)
    if msg_id is None and getattr(exc, "winerror", None) in (32, 33):  # sharing, lock violation
        msg_id = "os.denied"
    return Msg(msg_id) if msg_id else (exc.strerror or str(exc))
