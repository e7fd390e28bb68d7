#!/usr/bin/env python3
"""SystemRDL to IP-XACT (IEEE 1685-2014) with PeakRDL, as a user of mmio would make one:
rdl_to_ipxact.py SOURCE.rdl OUTPUT.xml"""
import sys

from peakrdl_ipxact import IPXACTExporter, Standard
from systemrdl import RDLCompiler

compiler = RDLCompiler()
compiler.compile_file(sys.argv[1])
root = compiler.elaborate()
IPXACTExporter(standard=Standard.IEEE_1685_2014).export(root.top, sys.argv[2])
