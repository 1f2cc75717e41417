import sys

from handbook_zensical.build import main

sys.exit(main())
