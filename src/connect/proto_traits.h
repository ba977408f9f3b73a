// gRPC deserialization for the requests that carry query plans, with protobuf's nesting limit
// raised: DataFrame plans nest one message level per chained call and quickly pass protobuf's
// default of 100. Force-included into the generated service code (cmake/connect.cmake) and
// included by service.cc, so every translation unit sees the same specialization.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/io/coded_stream.h>
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
