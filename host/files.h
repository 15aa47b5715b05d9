#pragma once
// Writing files so that a crash or a power cut never leaves a half-written one, for the native
// shells (the kiosk's data folder, the CLI's outputs): one implementation of temp file + fsync +
// rename + fsync of the folder.
#include <string>
#include <string_view>

namespace tb::host {

enum class Sync {
  ToDisk,  // the new bytes and the rename survive a power cut (data, keys, bundles, envelopes)
  None,    // readers still never see a half-written file, but nothing waits for the disk: for a
           // file rewritten every frame that only a live reader cares about (the kiosk's test hook)
};

// Writes through NAME.tmp-PID, then renames it over `path`: readers see the old file or the new
// one. `mode` applies to a new file (before umask). On failure `error` says what and where, the
// temporary file is gone and `path` is untouched.
// Test hook: TB_FAULT=before-rename aborts after the new bytes are durable but before the rename.
bool write_file_atomic(const std::string& path, std::string_view data, unsigned mode, std::string* error,
                       Sync sync = Sync::ToDisk);
// Creates a file that must not exist yet (key files are never overwritten silently), durably, with
// exactly `mode`.
bool write_new_file(const std::string& path, std::string_view data, unsigned mode, std::string* error);
// Removes a file, durably (the folder is synced): after a power cut it stays gone.
bool remove_file(const std::string& path);
// Is this a file name write_file_atomic uses while writing (NAME.tmp-PID)? Listings skip them.
bool is_temp_file(std::string_view name);

}  // namespace tb::host
