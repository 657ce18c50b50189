"""The web page for the clerks (``kiemdiem serve``): the whole round in a browser, on the
library the command line uses. Like ``cli.py`` it only adapts: it reads the clock, the
uploads and the forms, and calls the library.

``create_app(workspace)`` is the ASGI app, for uvicorn, the tests and the benchmarks;
``serve`` starts it, refusing any address but this machine's until accounts exist.
Needs the ``web`` extra (``pip install kiemdiem-docs[web]``).
"""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import KiemdiemError
from .accounts import LOCAL_USER, Accounts

__all__ = ["LOCAL_USER", "Accounts", "accounts_of", "check_address", "create_app", "serve"]

_AUTO: Any = object()


def accounts_of(config) -> Accounts:
    """The accounts of a workspace: a file beside its register."""
    return Accounts(config.so_dang_ky.parent)


def create_app(workspace: Path, *, host: str = "127.0.0.1", allowed_hosts: Iterable[str] = (),
               max_upload_mb: float = 20, converter: Any = _AUTO,
               clock: Callable[[], dt.datetime] = dt.datetime.now):
    """The web page of the workspace at ``workspace``, answering requests for ``host``
    (and this machine's own names). ``converter``: the PDF maker (default: as the
    workspace's ``[pdf]`` says; None: .docx only)."""
    from .. import workspace as workspace_mod
    from ..pdf import converter_for
    from . import auth, build, documents, kind_templates, register, round, workbook
    from .base import LOCAL_HOSTS, WILDCARD, Web, make_app
    from .jobs import Builds, runner
    from .workbooks import Rosters, Versions

    config = workspace_mod.locate(Path(workspace), Path(workspace))
    note = None
    if converter is _AUTO:
        converter, note = converter_for(config.pdf)
    state = Web(config=config, accounts=accounts_of(config),
                max_upload=int(max_upload_mb * 1024 * 1024), clock=clock, converter=converter,
                pdf_note=note)
    versions = state.state["versions"] = Versions(config, clock)
    rosters = state.state["rosters"] = Rosters(config)
    state.state["builds"] = Builds(runner(state, rosters, versions.current),
                                   config.so_dang_ky.parent / "kiemdiem-web-loi.txt",
                                   _shown(config.dau_ra, config.root) / str(config.nam))
    allowed = set(LOCAL_HOSTS) | {h.lower() for h in allowed_hosts}
    if host in WILDCARD:
        allowed |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    else:
        allowed.add(host.lower())
    routes = [r for m in (round, workbook, build, documents, register, kind_templates, auth)
              for r in m.ROUTES]
    return make_app(state, routes, allowed=frozenset(allowed))


def _shown(path: Path, root: Path) -> Path:
    """A folder as the clerk knows it: from the workspace, when it lies inside."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def check_address(config, host: str) -> None:
    """Refuse an address other machines reach while the workspace has no accounts."""
    from .base import is_local

    if not is_local(host) and not accounts_of(config).any():
        raise KiemdiemError(f"Không mở trang trên địa chỉ {host} khi chưa có tài khoản: ai trong "
                            "mạng cũng vào được. Tạo tài khoản trước: `kiemdiem user add TÊN`.")


def serve(workspace: Path, *, host: str = "127.0.0.1", port: int = 8000,
          allowed_hosts: Iterable[str] = ()) -> None:
    """Run the page until stopped. Any address but this machine's needs accounts first."""
    from .. import workspace as workspace_mod

    check_address(workspace_mod.locate(Path(workspace), Path(workspace)), host)
    import uvicorn

    app = create_app(Path(workspace), host=host, allowed_hosts=allowed_hosts)
    uvicorn.run(app, host=host, port=port, log_level="warning")
