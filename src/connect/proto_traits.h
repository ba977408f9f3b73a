// gRPC (de)serialization of Spark Connect messages, specialised in two places:
// - the requests that carry query plans are parsed with protobuf's nesting limit raised:
//   DataFrame plans nest one message level per chained call and quickly pass protobuf's
//   default of 100;
// - an ExecutePlanResponse holding an Arrow batch is sent without copying its Arrow bytes into
//   gRPC's buffer, when the writer says who owns the response (ZeroCopyResponseScope).
// Force-included into the generated service code (cmake/connect.cmake) and included by
// service.h, so every translation unit sees the same specializations.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/message.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include "spark/connect/base.pb.h"

namespace kindred::connect {
// Deepest message nesting accepted in a request (protobuf's default is 100).
inline constexpr int kProtoRecursionLimit = 4096;

template <class M>
grpc::Status DeepDeserialize(grpc::ByteBuffer* buffer, M* msg) {
  if (buffer == nullptr) return grpc::Status(grpc::StatusCode::INTERNAL, "no payload");
  std::vector<grpc::Slice> slices;
  grpc::Status st = buffer->Dump(&slices);
  buffer->Clear();
  if (!st.ok()) return st;
  std::string flat;
  size_t total = 0;
  for (const auto& s : slices) total += s.size();
  flat.reserve(total);
  for (const auto& s : slices) flat.append(reinterpret_cast<const char*>(s.begin()), s.size());
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(flat.data()),
                                            static_cast<int>(flat.size()));
  in.SetRecursionLimit(kProtoRecursionLimit);
  if (!msg->ParseFromCodedStream(&in) || !in.ConsumedEntireMessage()) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "cannot parse the request message (malformed or nested too deeply)");
  }
  return grpc::Status::OK;
}

// The response the current thread is writing and who owns it; set by ZeroCopyResponseScope.
inline thread_local const std::shared_ptr<const spark::connect::ExecutePlanResponse>*
    tls_response_being_written = nullptr;

// While alive, a Write of *response on this thread hands gRPC the Arrow bytes in place, with a
// reference to `response` that keeps them alive until the transport is done with them.
class ZeroCopyResponseScope {
 public:
  explicit ZeroCopyResponseScope(
      const std::shared_ptr<const spark::connect::ExecutePlanResponse>& response)
      : previous_(tls_response_being_written) {
    tls_response_being_written = &response;
  }
  ~ZeroCopyResponseScope() { tls_response_being_written = previous_; }
  ZeroCopyResponseScope(const ZeroCopyResponseScope&) = delete;
  ZeroCopyResponseScope& operator=(const ZeroCopyResponseScope&) = delete;

 private:
  const std::shared_ptr<const spark::connect::ExecutePlanResponse>* previous_;
};

// Smaller batches are copied: a separate slice would cost more than the copy.
inline constexpr size_t kZeroCopyMinBytes = 64 << 10;

// Serializes `msg` as [every field but arrow_batch][arrow_batch with data last] into `bb`,
// where the data is a slice over msg's own bytes (protobuf parsers take fields in any order).
// False, leaving `bb` alone, when `msg` is not the owned response being written, carries no
// large Arrow batch, or has fields beyond those of a result batch (then the ordinary path
// serializes it).
inline bool SerializeArrowBatchInPlace(const spark::connect::ExecutePlanResponse& msg,
                                       grpc::ByteBuffer* bb) {
  using spark::connect::ExecutePlanResponse;
  const auto* owner = tls_response_being_written;
  if (owner == nullptr || owner->get() != &msg || !msg.has_arrow_batch()) return false;
  const auto& batch = msg.arrow_batch();
  const std::string& data = batch.data();
  if (data.size() < kZeroCopyMinBytes) return false;
  const auto* reflection = msg.GetReflection();
  if (!reflection->GetUnknownFields(msg).empty() ||
      !batch.GetReflection()->GetUnknownFields(batch).empty()) {
    return false;
  }
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(msg, &fields);
  for (const auto* f : fields) {
    switch (f->number()) {
      case ExecutePlanResponse::kSessionIdFieldNumber:
      case ExecutePlanResponse::kServerSideSessionIdFieldNumber:
      case ExecutePlanResponse::kOperationIdFieldNumber:
      case ExecutePlanResponse::kResponseIdFieldNumber:
      case ExecutePlanResponse::kArrowBatchFieldNumber:
        break;
      default:
        return false;
    }
  }
  ExecutePlanResponse head;
  head.set_session_id(msg.session_id());
  head.set_server_side_session_id(msg.server_side_session_id());
  head.set_operation_id(msg.operation_id());
  head.set_response_id(msg.response_id());
  ExecutePlanResponse::ArrowBatch batch_head;
  batch_head.set_row_count(batch.row_count());
  if (batch.has_start_offset()) batch_head.set_start_offset(batch.start_offset());

  using google::protobuf::io::CodedOutputStream;
  using google::protobuf::internal::WireFormatLite;
  const uint32_t data_tag = WireFormatLite::MakeTag(
      ExecutePlanResponse::ArrowBatch::kDataFieldNumber, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  const uint32_t batch_tag = WireFormatLite::MakeTag(
      ExecutePlanResponse::kArrowBatchFieldNumber, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  const size_t batch_head_size = batch_head.ByteSizeLong();
  const size_t batch_size = batch_head_size + CodedOutputStream::VarintSize32(data_tag) +
                            CodedOutputStream::VarintSize64(data.size()) + data.size();
  std::string prefix;
  head.SerializeToString(&prefix);
  const size_t head_size = prefix.size();
  prefix.resize(head_size + CodedOutputStream::VarintSize32(batch_tag) +
                CodedOutputStream::VarintSize64(batch_size) + batch_head_size +
                CodedOutputStream::VarintSize32(data_tag) +
                CodedOutputStream::VarintSize64(data.size()));
  auto* p = reinterpret_cast<uint8_t*>(prefix.data()) + head_size;
  p = CodedOutputStream::WriteVarint32ToArray(batch_tag, p);
  p = CodedOutputStream::WriteVarint64ToArray(batch_size, p);
  p = batch_head.SerializeWithCachedSizesToArray(p);
  p = CodedOutputStream::WriteVarint32ToArray(data_tag, p);
  CodedOutputStream::WriteVarint64ToArray(data.size(), p);

  using Owner = std::shared_ptr<const ExecutePlanResponse>;
  grpc::Slice slices[2] = {
      grpc::Slice(prefix),
      grpc::Slice(const_cast<char*>(data.data()), data.size(),
                  [](void* owner) { delete static_cast<Owner*>(owner); }, new Owner(*owner))};
  grpc::ByteBuffer out(slices, 2);
  bb->Swap(&out);
  return true;
}
}  // namespace kindred::connect

#define KINDRED_DEEP_PROTO_TRAITS(Type)                                                     \
  namespace grpc {                                                                          \
  template <>                                                                               \
  class SerializationTraits<Type, void> {                                                   \
   public:                                                                                  \
    static Status Serialize(const Type& msg, ByteBuffer* bb, bool* own_buffer) {            \
      return GenericSerialize<ProtoBufferWriter, Type>(msg, bb, own_buffer);                \
    }                                                                                       \
    static Status Deserialize(ByteBuffer* buffer, Type* msg) {                              \
      return ::kindred::connect::DeepDeserialize(buffer, msg);                              \
    }                                                                                       \
  };                                                                                        \
  }

KINDRED_DEEP_PROTO_TRAITS(spark::connect::ExecutePlanRequest)
KINDRED_DEEP_PROTO_TRAITS(spark::connect::AnalyzePlanRequest)

namespace grpc {
template <>
class SerializationTraits<spark::connect::ExecutePlanResponse, void> {
 public:
  static Status Serialize(const spark::connect::ExecutePlanResponse& msg, ByteBuffer* bb,
                          bool* own_buffer) {
    if (::kindred::connect::SerializeArrowBatchInPlace(msg, bb)) {
      *own_buffer = true;
      return Status::OK;
    }
    return GenericSerialize<ProtoBufferWriter, spark::connect::ExecutePlanResponse>(msg, bb,
                                                                                   own_buffer);
  }
  static Status Deserialize(ByteBuffer* buffer, spark::connect::ExecutePlanResponse* msg) {
    return GenericDeserialize<ProtoBufferReader, spark::connect::ExecutePlanResponse>(buffer,
                                                                                     msg);
  }
};
}  // namespace grpc
