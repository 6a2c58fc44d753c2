//! Outputs written atomically: a temporary file beside the target, then a
//! rename, so a reader never sees half a file.

use std::fs;

use crate::error::Error;
use std::io::{self, Write};
use std::path::Path;

/// Writes what `write` writes to `path` through a temporary file in the
/// same folder and a rename, so the path holds the old file or the whole new
/// one, never half. A path that exists and is a link or not a regular file (`/dev/stdout`, a pipe, a device) is
/// written in place: renaming over it would replace the link or the device.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let failed = |source: io::Error| Error::Write {
        path: path.display().to_string(),
        source,
    };
    let in_place =
        fs::symlink_metadata(path).is_ok_and(|metadata| !metadata.is_file() && !metadata.is_dir());
    if in_place {
        // A link to a regular file is replaced in content, as `>` would.
        let truncate = fs::metadata(path).is_ok_and(|metadata| metadata.is_file());
        let file = fs::OpenOptions::new()
            .write(true)
            .truncate(truncate)
            .open(path)
            .map_err(failed)?;
        let mut out = io::BufWriter::new(file);
        write(&mut out).map_err(failed)?;
        return out.flush().map_err(failed);
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temporary = tempfile::Builder::new()
        .prefix(".ladder-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(failed)?;
    output_permissions(temporary.as_file(), path).map_err(failed)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, temporary);
    write(&mut out).map_err(failed)?;
    let temporary = out
        .into_inner()
        .map_err(|error| failed(error.into_error()))?;
    temporary.as_file().sync_all().map_err(failed)?;
    temporary
        .persist(path)
        .map_err(|error| failed(error.error))?;
    Ok(())
}

/// A temporary file is private (0600 on Unix); the output takes the
/// permissions of the file it replaces, or those of a file anyone may read.
#[cfg(unix)]
fn output_permissions(file: &fs::File, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = match fs::metadata(path) {
        Ok(metadata) => metadata.permissions(),
        Err(_) => fs::Permissions::from_mode(0o644),
    };
    file.set_permissions(permissions)
}

#[cfg(not(unix))]
fn output_permissions(_file: &fs::File, _path: &Path) -> io::Result<()> {
    Ok(())
}
