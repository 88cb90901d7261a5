import sys

from quotewire.cli import main

sys.exit(main())
