#pragma once
// Writing files so that a crash or a power cut never leaves a half-written one, for the native
// shells (the kiosk's data folder, the CLI's outputs): one implementation of temp file + fsync +
// rename + fsync of the folder.
#include <string>
#include <string_view>

#include "result.h"

namespace tb::host {

// Why a file could not be read or written (core/result.h); the detail is "PATH: what the system
// said" ("keys/a.key: Permission denied").
enum class FileError {
  None,
  Io,      // the system refused or failed: missing folder, permissions, a full disk
  Exists,  // a create-only write found the file already there (never overwritten)
};
const char* reason_key(FileError e);   // "io-error", "exists"
const char* reason_text(FileError e);  // "无法读写文件", "文件已存在"

enum class Sync {
  ToDisk,  // the new bytes and the rename survive a power cut (data, keys, bundles, envelopes)
  None,    // readers still never see a half-written file, but nothing waits for the disk: for a
           // file rewritten every frame that only a live reader cares about (the kiosk's test hook)
};

// Writes through NAME.tmp-PID, then renames it over `path`: readers see the old file or the new
// one. `mode` applies to a new file (before umask). On failure the detail says what and where, the
// temporary file is gone and `path` is untouched.
// Test hook: TB_FAULT=before-rename aborts after the new bytes are durable but before the rename.
Status<FileError> write_file_atomic(const std::string& path, std::string_view data, unsigned mode,
                                    Sync sync = Sync::ToDisk);
// Creates a file that must not exist yet (key files are never overwritten silently), durably, with
// exactly `mode`.
Status<FileError> write_new_file(const std::string& path, std::string_view data, unsigned mode);
// Removes a file, durably (the folder is synced): after a power cut it stays gone.
bool remove_file(const std::string& path);
// Is this a file name write_file_atomic uses while writing (NAME.tmp-PID)? Listings skip them.
bool is_temp_file(std::string_view name);

}  // namespace tb::host
