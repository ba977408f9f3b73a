"""Runs the checks of an end-to-end script: each check is a function that raises on failure."""
import traceback


def run_checks(name, checks):
    """Runs every check (one failing does not stop the others), prints "ok"/"FAIL" per check with
    the traceback of a failure, then "<name>: N passed, M failed". Returns the exit status: 1 when
    a check failed, else 0."""
    passed = failed = 0
    for check in checks:
        try:
            check()
            passed += 1
            print(f"ok   {check.__name__}")
        except Exception:  # noqa: BLE001 - report every failure, keep going
            failed += 1
            print(f"FAIL {check.__name__}")
            traceback.print_exc()
    print(f"{name}: {passed} passed, {failed} failed")
    return 1 if failed else 0
