"""Offline wheels: `calculator` and `teamfile` zipped as pure-Python `py3-none-any` wheels (no pip, no network)."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import zipfile
from pathlib import Path

from .files import digest, read

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same sources give byte-identical wheels


def package_files(folder: Path, package: str) -> dict[str, bytes]:
    """The files of a package folder as wheel archive paths: its modules and py.typed."""
    files = sorted([*folder.glob("*.py"), *folder.glob("py.typed")])
    return {f"{package}/{path.name}": read(path) for path in files}


def _project_version() -> str:
    """The project's version from its installed metadata."""
    try:
        return importlib.metadata.version("competency-handbook")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def build_wheel(name: str, files: dict[str, bytes], out_dir: Path) -> Path:
    """Write a pure-Python `py3-none-any` wheel of `files`; its local version is their content hash."""
    version = f"{_project_version()}+{digest(b''.join(k.encode() + v for k, v in sorted(files.items())))}"
    info = f"{name}-{version}.dist-info"
    metadata = {
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: {version}\n"
            "Summary: Built by competency-handbook for the in-page calculator\nRequires-Python: >=3.11\n"
        ).encode(),
        f"{info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: competency-handbook\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    contents = {**files, **metadata}
    record = [f"{path},sha256={_record_hash(data)},{len(data)}" for path, data in contents.items()]
    contents[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}-{version}-py3-none-any.whl"
    if not path.is_file():
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for archive_path, data in contents.items():
                entry = zipfile.ZipInfo(archive_path, date_time=ZIP_DATE)
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return path


def _record_hash(data: bytes) -> str:
    """A RECORD hash: urlsafe base64 of the sha256, without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def remove_stale_wheels(folder: Path, keep: list[Path]) -> None:
    """Delete wheels of earlier builds so the site ships only the current ones."""
    for old in folder.glob("*.whl"):
        if old not in keep:
            old.unlink()
