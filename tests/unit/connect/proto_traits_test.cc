// The gRPC serialization specializations of proto_traits.h: in-place Arrow batches and the
// raised nesting limit for plans.
#include <gtest/gtest.h>

#include <google/protobuf/util/message_differencer.h>

#include "connect/proto_traits.h"

namespace kindred::connect {
namespace {

namespace pb = spark::connect;
using Traits = grpc::SerializationTraits<pb::ExecutePlanResponse>;

std::shared_ptr<const pb::ExecutePlanResponse> BatchResponse(size_t data_bytes) {
  auto r = std::make_shared<pb::ExecutePlanResponse>();
  r->set_session_id("5f0c0a3e-2b1d-4c8e-9f6a-1e2d3c4b5a69");
  r->set_server_side_session_id("a1b2");
  r->set_operation_id("op-1");
  r->set_response_id("resp-7");
  auto* b = r->mutable_arrow_batch();
  b->set_row_count(12345);
  b->set_start_offset(678);
  std::string data(data_bytes, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 + 7);
  b->set_data(std::move(data));
  return r;
}

pb::ExecutePlanResponse RoundTrip(grpc::ByteBuffer* bb) {
  pb::ExecutePlanResponse back;
  EXPECT_TRUE(Traits::Deserialize(bb, &back).ok());
  return back;
}

bool SameMessage(const pb::ExecutePlanResponse& a, const pb::ExecutePlanResponse& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

TEST(ProtoTraitsTest, LargeBatchOfTheWrittenResponseTravelsInPlace) {
  auto response = BatchResponse(1 << 20);
  grpc::ByteBuffer bb;
  bool own = false;
  {
    ZeroCopyResponseScope scope(response);
    ASSERT_TRUE(Traits::Serialize(*response, &bb, &own).ok());
  }
  EXPECT_TRUE(own);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(bb.Dump(&slices).ok());
  ASSERT_EQ(slices.size(), 2u);
  // The second slice is the response's own bytes, not a copy.
  EXPECT_EQ(reinterpret_cast<const char*>(slices[1].begin()),
            response->arrow_batch().data().data());
  EXPECT_EQ(bb.Length(), response->ByteSizeLong());
  EXPECT_TRUE(SameMessage(RoundTrip(&bb), *response));
}

TEST(ProtoTraitsTest, BufferKeepsTheResponseAliveAfterItsOwnerLetsGo) {
  auto response = BatchResponse(256 << 10);
  const pb::ExecutePlanResponse expected = *response;
  grpc::ByteBuffer bb;
  bool own = false;
  {
    ZeroCopyResponseScope scope(response);
    ASSERT_TRUE(Traits::Serialize(*response, &bb, &own).ok());
  }
  std::weak_ptr<const pb::ExecutePlanResponse> watch = response;
  response.reset();
  EXPECT_FALSE(watch.expired());  // the slice holds a reference
  EXPECT_TRUE(SameMessage(RoundTrip(&bb), expected));
  bb.Clear();
  EXPECT_TRUE(watch.expired());  // released with the last slice
}

TEST(ProtoTraitsTest, OtherResponsesAreSerializedTheOrdinaryWay) {
  // Not the response in scope, too small, or with fields a result batch does not carry: one
  // ordinary copy, byte-identical to protobuf's own serialization.
  auto in_scope = BatchResponse(1 << 20);
  auto other = BatchResponse(1 << 20);
  auto small = BatchResponse(100);
  auto with_schema = std::make_shared<pb::ExecutePlanResponse>(*BatchResponse(1 << 20));
  with_schema->mutable_schema()->mutable_long_();
  auto without_offset = std::make_shared<pb::ExecutePlanResponse>(*BatchResponse(1 << 20));
  without_offset->mutable_arrow_batch()->clear_start_offset();
  ZeroCopyResponseScope scope(in_scope);
  for (const auto& r : {other, small}) {
    grpc::ByteBuffer bb;
    bool own = false;
    ASSERT_TRUE(Traits::Serialize(*r, &bb, &own).ok());
    std::vector<grpc::Slice> slices;
    ASSERT_TRUE(bb.Dump(&slices).ok());
    std::string flat;
    for (const auto& s : slices) flat.append(reinterpret_cast<const char*>(s.begin()), s.size());
    EXPECT_EQ(flat, r->SerializeAsString());
  }
  for (const auto& r : {with_schema, without_offset}) {
    ZeroCopyResponseScope inner(r);
    grpc::ByteBuffer bb;
    bool own = false;
    ASSERT_TRUE(Traits::Serialize(*r, &bb, &own).ok());
    EXPECT_TRUE(SameMessage(RoundTrip(&bb), *r)) << r->DebugString().substr(0, 200);
  }
}

TEST(ProtoTraitsTest, EmptyMetadataAndZeroRowsRoundTrip) {
  auto r = std::make_shared<pb::ExecutePlanResponse>();
  r->mutable_arrow_batch()->set_data(std::string(kZeroCopyMinBytes, 'x'));
  ZeroCopyResponseScope scope(r);
  grpc::ByteBuffer bb;
  bool own = false;
  ASSERT_TRUE(Traits::Serialize(*r, &bb, &own).ok());
  EXPECT_EQ(bb.Length(), r->ByteSizeLong());
  EXPECT_TRUE(SameMessage(RoundTrip(&bb), *r));
}

TEST(ProtoTraitsTest, DeeplyNestedPlansParse) {
  pb::ExecutePlanRequest req;
  pb::Relation* rel = req.mutable_plan()->mutable_root();
  for (int i = 0; i < 1000; ++i) rel = rel->mutable_filter()->mutable_input();
  rel->mutable_range()->set_end(10);
  grpc::ByteBuffer bb;
  bool own = false;
  ASSERT_TRUE(grpc::SerializationTraits<pb::ExecutePlanRequest>::Serialize(req, &bb, &own).ok());
  pb::ExecutePlanRequest back;
  ASSERT_TRUE(grpc::SerializationTraits<pb::ExecutePlanRequest>::Deserialize(&bb, &back).ok());
  EXPECT_EQ(back.ByteSizeLong(), req.ByteSizeLong());
}

}  // namespace
}  // namespace kindred::connect
