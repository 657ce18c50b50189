"""Run by the system's Python (the one LibreOffice's UNO bridge is built for): each .docx
given, with every tracked change accepted, then rejected, by LibreOffice itself, saved as
<name>.accepted.docx and <name>.rejected.docx; prints how many changes LibreOffice saw.

usage: python3 lo_accept.py PROFILE_DIR FILE.docx...
"""

import subprocess
import sys
import time

import uno  # noqa: I001 (LibreOffice's module, not the project's)
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(profile, files):
    pipe = f"kiemdiem{time.monotonic_ns()}"
    proc = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                             f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
                             f"--accept=pipe,name={pipe};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # not listening yet
                time.sleep(0.5)
        else:
            sys.exit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatch = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        for src in files:
            for what in ("Accept", "Reject"):
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                                   (prop("Hidden", True),))
                seen, changes = 0, doc.getRedlines().createEnumeration()
                while changes.hasMoreElements():
                    changes.nextElement()
                    seen += 1
                dispatch.executeDispatch(doc.getCurrentController().getFrame(),
                                         f".uno:{what}AllTrackedChanges", "", 0, ())
                out = src[:-len(".docx")] + f".{what.lower()}ed.docx"
                doc.storeToURL(uno.systemPathToFileUrl(out),
                               (prop("FilterName", "MS Word 2007 XML"),))
                doc.close(True)
                print(f"{src}\t{what}\t{seen}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
