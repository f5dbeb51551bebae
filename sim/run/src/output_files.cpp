#include "ccsim/sim/output_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <filesystem>
#include <random>
#include <ostream>
#include <streambuf>

#include "ccsim/sim/input_error.hpp"

namespace ccsim::sim {
namespace {

namespace fs = std::filesystem;

// ---- temporaries removed on SIGINT, SIGTERM and SIGHUP ---------------------------------------
// A fixed table, so that the handler only reads memory and calls unlink (async-signal-safe).
constexpr std::size_t max_registered = 16;
constexpr std::size_t max_name = 4096;
std::array<std::array<char, max_name>, max_registered> registered_names{};
std::array<std::atomic<bool>, max_registered> registered_used{};

extern "C" void remove_temporaries_and_die(int signal_number) {
  for (std::size_t i = 0; i < max_registered; ++i) {
    if (registered_used[i].load()) ::unlink(registered_names[i].data());
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

// The handlers are installed while some temporary exists and the previous ones restored when the
// last is gone: a program that embeds ccsim (the Python interpreter) keeps its own Ctrl-C.
std::mutex handlers_mutex;
int temporaries_alive = 0;  // under handlers_mutex
constexpr int handled_signals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction previous_actions[3]{};
bool replaced[3]{};

void install_handlers() {
  std::lock_guard lock(handlers_mutex);
  if (temporaries_alive++ > 0) return;
  for (std::size_t i = 0; i < 3; ++i) {
    replaced[i] = false;
    struct sigaction previous {};
    // Leave a signal the parent chose to ignore (nohup) ignored.
    if (::sigaction(handled_signals[i], nullptr, &previous) != 0 || previous.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = remove_temporaries_and_die;
    sigemptyset(&action.sa_mask);
    replaced[i] = ::sigaction(handled_signals[i], &action, &previous_actions[i]) == 0;
  }
}

void restore_handlers() {
  std::lock_guard lock(handlers_mutex);
  if (temporaries_alive == 0 || --temporaries_alive > 0) return;
  for (std::size_t i = 0; i < 3; ++i)
    if (replaced[i]) ::sigaction(handled_signals[i], &previous_actions[i], nullptr);
}

// Registers `name` for removal on a signal; returns its slot (or max_registered when full:
// the name then simply is not removed by a signal).
std::size_t register_temporary(const std::string& name) {
  if (name.size() >= max_name) return max_registered;
  static std::mutex slots_mutex;  // one registration at a time; the handler reads only used slots
  std::lock_guard lock(slots_mutex);
  for (std::size_t i = 0; i < max_registered; ++i) {
    if (registered_used[i].load()) continue;
    std::memcpy(registered_names[i].data(), name.c_str(), name.size() + 1);
    install_handlers();
    registered_used[i].store(true);
    return i;
  }
  return max_registered;
}

void unregister_temporary(std::size_t slot) {
  if (slot >= max_registered) return;
  registered_used[slot].store(false);
  restore_handlers();
}

std::string random_suffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 10; ++i) s += digits[rng() % 36];
  return s;
}

std::string quoted(const std::string& flag, const std::string& path) { return flag + ": \"" + path + "\""; }

[[noreturn]] void refuse(const std::string& flag, const std::string& path, const std::string& why) {
  throw OutputError(sim::one_line(quoted(flag, path) + " " + why));
}

std::string error_text(int error) { return std::strerror(error); }

// Writes `size` bytes to `fd`; false with errno set on failure.
bool write_all(int fd, const char* p, std::size_t size) {
  std::size_t left = size;
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

// A stream buffer that writes to a file descriptor in 64 KiB blocks, remembering the first error:
// outputs are streamed, never held whole in memory.
class FdBuffer : public std::streambuf {
public:
  explicit FdBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  /// Flushes what is buffered; false (and `error()`) when any write failed.
  bool finish() { return flush_buffer() && error_ == 0; }
  [[nodiscard]] int error() const { return error_; }

protected:
  int_type overflow(int_type c) override {
    if (!flush_buffer()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return flush_buffer() ? 0 : -1; }

private:
  bool flush_buffer() {
    const auto size = static_cast<std::size_t>(pptr() - pbase());
    if (error_ == 0 && size > 0 && !write_all(fd_, pbase(), size)) error_ = errno == 0 ? EIO : errno;
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_ == 0;
  }
  int fd_;
  int error_ = 0;
  std::array<char, 65536> buffer_{};
};

// Streams `write`'s output into `fd`; 0, or the errno of the first failed write.
int stream_to(int fd, const std::function<void(std::ostream&)>& write) {
  FdBuffer buffer(fd);
  std::ostream os(&buffer);
  write(os);
  os.flush();
  return buffer.finish() ? 0 : (buffer.error() != 0 ? buffer.error() : EIO);
}

}  // namespace

struct OutputFiles::Output {
  std::string flag, path;
  std::function<void(std::ostream&)> write;
  bool direct = false;    // a FIFO or character device: written in place
  bool existed = false;   // a regular file is replaced
  struct stat target {};  // its permissions and owner
  std::string folder;
  int fd = -1;
  std::string temporary;  // the named temporary, once it has a name
  std::size_t slot = max_registered;

  void discard() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    if (!temporary.empty()) ::unlink(temporary.c_str());
    unregister_temporary(slot);
    slot = max_registered;
    temporary.clear();
  }
};

OutputFiles::OutputFiles(std::vector<std::string> inputs) : inputs_(std::move(inputs)) {}

OutputFiles::~OutputFiles() {
  for (auto& o : outputs_) o.discard();
}

void OutputFiles::add(const std::string& flag, const std::string& path, std::function<void(std::ostream&)> write) {
  if (path.empty()) refuse(flag, path, "is an empty path: give a file name");
  Output o;
  o.flag = flag;
  o.path = path;
  o.write = std::move(write);

  struct stat link_status {};
  const bool exists = ::lstat(path.c_str(), &link_status) == 0;
  if (!exists && errno != ENOENT) refuse(flag, path, "cannot be examined: " + error_text(errno));
  if (exists) {
    const mode_t type = link_status.st_mode & S_IFMT;
    struct stat followed {};
    const bool to_device = type == S_IFLNK && ::stat(path.c_str(), &followed) == 0 &&
                           (S_ISFIFO(followed.st_mode) || S_ISCHR(followed.st_mode));
    if (type == S_IFLNK && !to_device)
      refuse(flag, path, "is a symbolic link: ccsim replaces no links; give the path of the file itself");
    if (type == S_IFDIR) refuse(flag, path, "is a directory: give a file name");
    if (type == S_IFIFO || type == S_IFCHR || to_device) {  // /dev/null, /dev/stdout, a named pipe
      o.direct = true;
    } else if (type != S_IFREG) {
      refuse(flag, path, "is not a regular file (a socket or block device): give a file name");
    } else {
      if ((link_status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
        refuse(flag, path, "is read-only: ccsim does not replace it; remove it or give another name");
      if (::access(path.c_str(), W_OK) != 0) refuse(flag, path, "cannot be replaced: " + error_text(errno));
      o.existed = true;
      o.target = link_status;
    }
  }
  // Not a file being read, and not another output (the same file by any name: device and inode).
  const auto same_file = [&](const std::string& other) {
    struct stat a {}, b {};
    if (exists && ::stat(other.c_str(), &b) == 0) return link_status.st_dev == b.st_dev && link_status.st_ino == b.st_ino;
    if (::stat(path.c_str(), &a) == 0 || ::stat(other.c_str(), &b) == 0) return false;
    std::error_code e1, e2;
    return fs::weakly_canonical(path, e1) == fs::weakly_canonical(other, e2) && !e1 && !e2;
  };
  for (const auto& input : inputs_) {
    if (same_file(input))
      refuse(flag, path, "is \"" + input + "\", a file this command reads (by any name): results never overwrite their input");
  }
  for (const auto& other : outputs_) {
    if (!o.direct && same_file(other.path))
      refuse(flag, path, "is also the output of " + other.flag + ": give each output its own file");
  }
  if (!o.direct) {
    const fs::path parent = fs::path(path).parent_path();
    o.folder = parent.empty() ? "." : parent.string();
    struct stat folder_status {};
    if (::stat(o.folder.c_str(), &folder_status) != 0 || !S_ISDIR(folder_status.st_mode))
      refuse(flag, path, "cannot be written (does its folder exist?)");
  }
  outputs_.push_back(std::move(o));
}

namespace {
bool writes_files = true;
}  // namespace

void OutputFiles::set_writes_files(bool writes) { writes_files = writes; }

void OutputFiles::commit() {
  if (!writes_files) return;
  // 1. Every regular output into its temporary, complete and on disk.
  for (auto& o : outputs_) {
    if (o.direct) continue;
    const mode_t mode = o.existed ? (o.target.st_mode & 07777) : 0666;  // new files: 0666 less the umask
#ifdef O_TMPFILE
    o.fd = ::open(o.folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
#endif
    if (o.fd < 0) {  // no O_TMPFILE here: a new name, created exclusively, never through a link
      const std::string base = fs::path(o.path).filename().string();
      for (int attempt = 0; attempt < 100 && o.fd < 0; ++attempt) {
        std::string name = (fs::path(o.folder) / ("." + base + ".ccsim-" + random_suffix())).string();
        o.slot = register_temporary(name);
        o.fd = ::open(name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
        if (o.fd >= 0) {
          o.temporary = name;
        } else {
          unregister_temporary(o.slot);
          o.slot = max_registered;
          if (errno != EEXIST) break;
        }
      }
    }
    if (o.fd < 0) refuse(o.flag, o.path, "cannot be written: " + error_text(errno));
    if (o.existed) {
      if (::fchmod(o.fd, o.target.st_mode & 07777) != 0) refuse(o.flag, o.path, "cannot keep its permissions: " + error_text(errno));
      if (::geteuid() == 0) (void)!::fchown(o.fd, o.target.st_uid, o.target.st_gid);
    }
    int error = stream_to(o.fd, o.write);
    if (error == 0 && ::fsync(o.fd) != 0) error = errno;
    if (error != 0) refuse(o.flag, o.path, "could not be written completely: " + error_text(error) + " (the old file is kept)");
  }
  // 2. Devices and pipes, written in place.
  for (auto& o : outputs_) {
    if (!o.direct) continue;
    const int fd = ::open(o.path.c_str(), O_WRONLY | O_CLOEXEC);  // no O_CREAT: nothing new is made
    if (fd < 0) refuse(o.flag, o.path, "cannot be opened for writing: " + error_text(errno));
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !(S_ISFIFO(opened.st_mode) || S_ISCHR(opened.st_mode))) {
      ::close(fd);
      refuse(o.flag, o.path, "changed while ccsim ran: it is no longer a pipe or device");
    }
    const int error = stream_to(fd, o.write);
    ::close(fd);
    if (error != 0) refuse(o.flag, o.path, "could not be written completely: " + error_text(error));
  }
  // 3. Every temporary gets a name (if it has none yet), then all replace their targets.
  for (auto& o : outputs_) {
    if (o.direct || !o.temporary.empty()) continue;
    const std::string base = fs::path(o.path).filename().string();
    const std::string proc = "/proc/self/fd/" + std::to_string(o.fd);
    for (int attempt = 0; attempt < 100 && o.temporary.empty(); ++attempt) {
      std::string name = (fs::path(o.folder) / ("." + base + ".ccsim-" + random_suffix())).string();
      o.slot = register_temporary(name);
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        o.temporary = name;
      } else {
        const int saved = errno;
        unregister_temporary(o.slot);
        o.slot = max_registered;
        if (saved != EEXIST) refuse(o.flag, o.path, "cannot be written: " + error_text(saved));
      }
    }
    if (o.temporary.empty()) refuse(o.flag, o.path, "cannot be written: no free temporary name");
  }
  for (auto& o : outputs_) {
    if (o.direct) continue;
    if (::rename(o.temporary.c_str(), o.path.c_str()) != 0)
      refuse(o.flag, o.path, "cannot be replaced: " + error_text(errno));
    unregister_temporary(o.slot);
    o.slot = max_registered;
    o.temporary.clear();
    ::close(o.fd);
    o.fd = -1;
  }
  outputs_.clear();
}

}  // namespace ccsim::sim
