# Only what pyproject.toml cannot hold: the cffi extension module (built from csrc/ by csrc/ffibuild.py), and the
# wheel's tag. cffi builds the module against the stable ABI (py_limited_api: zkcred/_native.abi3.so), so one wheel
# serves every CPython from the oldest supported (requires-python) on: cp311-abi3-<platform>.
from setuptools import setup

setup(
    cffi_modules=["csrc/ffibuild.py:ffibuilder"],
    options={"bdist_wheel": {"py_limited_api": "cp311"}},
)
