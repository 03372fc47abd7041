"""``python -m zkcred.circuits ...`` is ``zkcred circuits ...`` (see zkcred.cli.circuits)."""
import sys

from ..cli import main

if __name__ == "__main__":
    sys.exit(main(["circuits", *sys.argv[1:]]))
