"""Coverage-guided fuzzing of zkcred's external decoders (atheris / libFuzzer): ``python -m fuzz --list``,
``python -m fuzz TARGET [libFuzzer options]``; ``make fuzz`` runs them all. See targets.py."""
