import sys
from pathlib import Path

from . import build_all

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "templates"
for path in build_all(folder):
    print(path)
