"""The one packaging driver: translations → PyInstaller → platform installer → smoke test.

``python installer/build.py [--skip-installer]``

1. compile every ``resources/translations/*_<lang>.ts`` into ``smsdesk_<lang>.qm`` inside the
   bundle's resources (compiled files are build products, never committed);
2. PyInstaller with ``installer/smsdesk.spec`` (one folder: ``SMSDesk`` GUI + ``smsdesk-cli``);
3. the platform step: Inno Setup (``iscc``) on Windows, a DMG (``hdiutil``) on macOS, a
   ``.tar.gz`` elsewhere; signing only when credentials are present (see docs/RELEASING.md);
4. smoke-test the frozen app: ``SMSDesk --self-test`` offscreen with a throwaway data folder,
   and ``smsdesk-cli --help``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"
sys.path.insert(0, str(ROOT))

from smsdesk import __version__  # noqa: E402
from smsdesk.ui.translations import SUPPORTED, compile_language  # noqa: E402


def compile_translations() -> list[Path]:
    target = ROOT / "resources" / "translations"
    compiled = []
    for language in SUPPORTED:
        qm = compile_language(language, target)
        if qm is not None:
            compiled.append(qm)
            print(f"compiled {qm.relative_to(ROOT)}")
    return compiled


def run_pyinstaller() -> Path:
    env = {**os.environ, "SMSDESK_VERSION": __version__}
    if sys.platform == "darwin":
        env["SMSDESK_MACOS_APP"] = "1"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD),
            str(ROOT / "installer" / "smsdesk.spec"),
        ],
        check=True,
        env=env,
    )
    return DIST / "SMSDesk"


def platform_package(folder: Path) -> Path:
    if sys.platform == "win32":
        iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
        subprocess.run(
            [
                iscc,
                f"/DAppVersion={__version__}",
                f"/DSourceDir={folder}",
                f"/O{DIST}",
                str(ROOT / "installer" / "smsdesk.iss"),
            ],
            check=True,
        )
        return DIST / f"SMSDesk-{__version__}-setup.exe"
    if sys.platform == "darwin":
        dmg = DIST / f"SMSDesk-{__version__}.dmg"
        subprocess.run(
            [
                "hdiutil",
                "create",
                "-volname",
                "SMSDesk",
                "-srcfolder",
                str(DIST / "SMSDesk.app"),
                "-ov",
                "-format",
                "UDZO",
                str(dmg),
            ],
            check=True,
        )
        return dmg
    archive = DIST / f"SMSDesk-{__version__}-linux.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="SMSDesk")
    return archive


def sign(artifact: Path) -> None:
    """Sign when credentials are configured; otherwise say the build is unsigned."""
    if sys.platform == "win32" and os.environ.get("SMSDESK_SIGN_CERT"):
        subprocess.run(
            [
                "signtool",
                "sign",
                "/fd",
                "SHA256",
                "/f",
                os.environ["SMSDESK_SIGN_CERT"],
                "/p",
                os.environ.get("SMSDESK_SIGN_PASSWORD", ""),
                "/tr",
                "http://timestamp.digicert.com",
                "/td",
                "SHA256",
                str(artifact),
            ],
            check=True,
        )
    elif sys.platform == "darwin" and os.environ.get("SMSDESK_SIGN_IDENTITY"):
        subprocess.run(
            [
                "codesign",
                "--deep",
                "--force",
                "--options",
                "runtime",
                "--sign",
                os.environ["SMSDESK_SIGN_IDENTITY"],
                str(DIST / "SMSDesk.app"),
            ],
            check=True,
        )
    else:
        print(f"note: {artifact.name} is unsigned (no signing credentials configured)")


def smoke_test(folder: Path) -> None:
    exe_dir = folder
    if sys.platform == "darwin":
        exe_dir = DIST / "SMSDesk.app" / "Contents" / "MacOS"
    suffix = ".exe" if sys.platform == "win32" else ""
    home = tempfile.mkdtemp(prefix="smsdesk-smoke-")
    env = {**os.environ, "SMSDESK_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
    gui = subprocess.run(
        [str(exe_dir / f"SMSDesk{suffix}"), "--self-test", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    print(gui.stdout.strip())
    if gui.returncode != 0:
        raise SystemExit(f"frozen app self-test failed ({gui.returncode}):\n{gui.stderr}")
    cli = subprocess.run(
        [str(folder / f"smsdesk-cli{suffix}"), "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if cli.returncode != 0:
        raise SystemExit(f"frozen CLI failed:\n{cli.stderr}")
    print("smoke test passed")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--skip-installer", action="store_true", help="stop after PyInstaller and the smoke test"
    )
    args = parser.parse_args()
    compile_translations()
    folder = run_pyinstaller()
    smoke_test(folder)
    if not args.skip_installer:
        artifact = platform_package(folder)
        sign(artifact)
        print(f"built {artifact}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
