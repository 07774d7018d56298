#include "adapters/import/import_chunk.hpp"

namespace timescales {

ChunkPipe::ChunkPipe(size_t chunks) {
  for (size_t i = 0; i < chunks; ++i) {
    chunks_.push_back(std::make_unique<ImportChunk>());
    empty_.push_back(chunks_.back().get());
  }
}

ImportChunk* ChunkPipe::take_empty() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return cancelled_ || !empty_.empty(); });
  if (cancelled_) return nullptr;
  ImportChunk* chunk = empty_.back();
  empty_.pop_back();
  lock.unlock();
  chunk->clear();
  return chunk;
}

void ChunkPipe::send(ImportChunk* chunk) {
  {
    std::lock_guard lock(mutex_);
    full_.push_back(chunk);
  }
  changed_.notify_all();
}

void ChunkPipe::finish(Status status) {
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
    status_ = std::move(status);
  }
  changed_.notify_all();
}

ImportChunk* ChunkPipe::receive() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return finished_ || !full_.empty(); });
  if (full_.empty()) return nullptr;
  ImportChunk* chunk = full_.front();
  full_.pop_front();
  return chunk;
}

void ChunkPipe::give_back(ImportChunk* chunk) {
  {
    std::lock_guard lock(mutex_);
    empty_.push_back(chunk);
  }
  changed_.notify_all();
}

void ChunkPipe::cancel() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  changed_.notify_all();
}

Status ChunkPipe::reader_status() {
  std::lock_guard lock(mutex_);
  return status_;
}

}  // namespace timescales
