// An output's place: the directory it goes into, made before anything is written there, and
// the move of the finished file to its name, the one step that makes an output appear whole.
#pragma once

#include <filesystem>
#include <string_view>
#include <system_error>

namespace hedgesim::io {

//! A hidden working file of `output` in its directory: ".NAME" then `suffix` (e.g. ".journal"
//! beside "out/rr.h5" is "out/.rr.h5.journal"), on the output's file system so that a rename
//! into place stays atomic.
[[nodiscard]] std::filesystem::path hidden_beside(const std::filesystem::path& output, std::string_view suffix);

//! Makes the missing directories above `target`. Throws IoError naming `target` if it cannot.
void make_parent_directory(const std::filesystem::path& target);

//! Renames `from` to `to` (rename(2), atomic within a file system). With `replace` false a file
//! at `to` is left as it is and std::errc::file_exists returned, even one that another job wrote
//! after this one checked: renameat2's RENAME_NOREPLACE, or on a file system without it link(2)
//! then unlink(2). Returns the error, if any; `from` stays where it was on failure.
std::error_code move_into_place(const std::filesystem::path& from, const std::filesystem::path& to, bool replace);

//! move_into_place's way on a file system without RENAME_NOREPLACE: link(2) `from` to `to`,
//! which fails if `to` is taken, then unlink `from`. Apart so that the tests reach it on file
//! systems that have RENAME_NOREPLACE, as every local one here does.
std::error_code link_into_place(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace hedgesim::io
