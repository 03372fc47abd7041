# Only what pyproject.toml cannot hold: the cffi extension module (built from csrc/ by csrc/ffibuild.py).
from setuptools import setup

setup(cffi_modules=["csrc/ffibuild.py:ffibuilder"])
