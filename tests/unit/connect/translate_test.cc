#include "connect/translate/translate.h"

#include <gtest/gtest.h>

#include "connect/extensions.h"
#include "connect/results.h"
#include "connect/session.h"
#include "connect/translate/types.h"

namespace kindred::connect {
namespace {

namespace pb = spark::connect;

pb::Relation RangeRel(int64_t end) {
  pb::Relation r;
  r.mutable_range()->set_end(end);
  r.mutable_range()->set_step(1);
  return r;
}

pb::Expression Col(const std::string& name) {
  pb::Expression e;
  e.mutable_unresolved_attribute()->set_unparsed_identifier(name);
  return e;
}

pb::Expression LongLit(int64_t v) {
  pb::Expression e;
  e.mutable_literal()->set_long_(v);
  return e;
}

TEST(TranslateTest, RangeCarriesPlanId) {
  pb::Relation r = RangeRel(10);
  r.mutable_range()->set_start(2);
  r.mutable_common()->set_plan_id(7);
  TranslateContext ctx;
  auto plan = TranslateRelation(r, &ctx);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->kind, sql::PlanKind::kRange);
  EXPECT_EQ((*plan)->start, 2);
  EXPECT_EQ((*plan)->end, 10);
  ASSERT_TRUE((*plan)->plan_id.has_value());
  EXPECT_EQ(*(*plan)->plan_id, 7);
}

TEST(TranslateTest, FilterWithOperator) {
  pb::Relation r;
  auto* f = r.mutable_filter();
  *f->mutable_input() = RangeRel(5);
  auto* fn = f->mutable_condition()->mutable_unresolved_function();
  fn->set_function_name("==");
  *fn->add_arguments() = Col("id");
  *fn->add_arguments() = LongLit(3);
  TranslateContext ctx;
  auto plan = TranslateRelation(r, &ctx);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->kind, sql::PlanKind::kFilter);
  ASSERT_EQ((*plan)->children.size(), 1u);
  const sql::Expr& cond = *(*plan)->condition;
  EXPECT_EQ(cond.kind, sql::ExprKind::kUnresolvedFunction);
  EXPECT_EQ(cond.name, "=");  // PySpark's "==" is Spark's EqualTo
  ASSERT_EQ(cond.children.size(), 2u);
  EXPECT_EQ(cond.children[0]->name_parts, std::vector<std::string>{"id"});
  EXPECT_EQ(cond.children[1]->value.as_int(), 3);
}

TEST(TranslateTest, WithColumnsAndAggregate) {
  pb::Relation wc;
  *wc.mutable_with_columns()->mutable_input() = RangeRel(10);
  auto* a = wc.mutable_with_columns()->add_aliases();
  *a->mutable_expr() = Col("id");
  a->add_name("k");
  pb::Relation agg;
  *agg.mutable_aggregate()->mutable_input() = wc;
  agg.mutable_aggregate()->set_group_type(pb::Aggregate::GROUP_TYPE_GROUPBY);
  *agg.mutable_aggregate()->add_grouping_expressions() = Col("k");
  auto* sum = agg.mutable_aggregate()->add_aggregate_expressions()->mutable_unresolved_function();
  sum->set_function_name("sum");
  *sum->add_arguments() = Col("id");
  TranslateContext ctx;
  auto plan = TranslateRelation(agg, &ctx);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->kind, sql::PlanKind::kAggregate);
  EXPECT_EQ((*plan)->grouping.size(), 1u);
  EXPECT_EQ((*plan)->exprs.size(), 1u);
  EXPECT_EQ((*plan)->children[0]->kind, sql::PlanKind::kWithColumns);
  EXPECT_EQ((*plan)->children[0]->names, std::vector<std::string>{"k"});

  // A pivot aggregate without its pivot column is malformed.
  agg.mutable_aggregate()->set_group_type(pb::Aggregate::GROUP_TYPE_PIVOT);
  EXPECT_EQ(TranslateRelation(agg, &ctx).status().code(), StatusCode::kInvalidArgument);
}

TEST(TranslateTest, UnsupportedRelationsAreNamedNotCrashed) {
  pb::Relation r;
  *r.mutable_transpose()->mutable_input() = RangeRel(1);
  TranslateContext ctx;
  auto plan = TranslateRelation(r, &ctx);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(plan.status().message().find("transpose"), std::string::npos);
  ASSERT_NE(plan.status().details(), nullptr);
  EXPECT_EQ(plan.status().details()->error_class, "UNSUPPORTED_FEATURE");

  pb::Relation mp;
  *mp.mutable_map_partitions()->mutable_input() = RangeRel(1);
  EXPECT_NE(TranslateRelation(mp, &ctx).status().message().find("map_partitions"),
            std::string::npos);

  pb::Relation sql;
  sql.mutable_sql()->set_query("select 1");
  auto s = TranslateRelation(sql, &ctx);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->kind, sql::PlanKind::kSql);
  EXPECT_EQ((*s)->name, "select 1");
  sql.mutable_sql()->add_pos_arguments()->mutable_literal()->set_integer(1);
  EXPECT_EQ(TranslateRelation(sql, &ctx).status().code(), StatusCode::kUnimplemented);

  EXPECT_EQ(TranslateRelation(pb::Relation(), &ctx).status().code(),
            StatusCode::kInvalidArgument);
  // An error deep inside the tree comes out unchanged.
  pb::Relation outer;
  *outer.mutable_limit()->mutable_input() = r;
  EXPECT_EQ(TranslateRelation(outer, &ctx).status().code(), StatusCode::kUnimplemented);
}

TEST(TranslateTest, ExtensionsGoThroughTheRegistry) {
  ExtensionRegistry reg;
  TranslateContext ctx;
  ctx.extensions = &reg;
  pb::Relation r;
  r.mutable_extension()->set_type_url("type.googleapis.com/zingg.Match");
  auto missing = TranslateRelation(r, &ctx);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("type.googleapis.com/zingg.Match"), std::string::npos);

  reg.RegisterRelation("type.googleapis.com/zingg.Match",
                       [](const google::protobuf::Any&, TranslateContext*) -> Result<sql::PlanPtr> {
                         return sql::Range(0, 4);
                       });
  auto found = TranslateRelation(r, &ctx);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ((*found)->end, 4);
  EXPECT_EQ(reg.RegisteredTypeUrls(), std::vector<std::string>{"type.googleapis.com/zingg.Match"});
}

TEST(TranslateTest, Identifiers) {
  auto p = ParseIdentifier("a.`b.c`");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, (std::vector<std::string>{"a", "b.c"}));
  EXPECT_EQ(*ParseIdentifier("`x``y`"), std::vector<std::string>{"x`y"});
  EXPECT_FALSE(ParseIdentifier("a..b").ok());
  EXPECT_FALSE(ParseIdentifier("`open").ok());
}

TEST(TranslateTest, Literals) {
  pb::Expression::Literal d;
  d.mutable_decimal()->set_value("-12.340");
  auto v = TranslateLiteral(d);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->type.id, TypeId::kDecimal128);
  EXPECT_EQ(v->type.scale, 3);
  EXPECT_EQ(v->type.precision, 5);
  EXPECT_TRUE(v->as_decimal() == -12340);

  pb::Expression::Literal n;
  n.mutable_null()->mutable_string();
  auto nv = TranslateLiteral(n);
  ASSERT_TRUE(nv.ok());
  EXPECT_TRUE(nv->is_null());
  EXPECT_EQ(nv->type.id, TypeId::kString);

  pb::Expression::Literal date;
  date.set_date(19000);
  EXPECT_EQ(TranslateLiteral(date)->type.id, TypeId::kDate32);

  pb::Expression::Literal arr;
  arr.mutable_array();
  EXPECT_EQ(TranslateLiteral(arr).status().code(), StatusCode::kUnimplemented);
}

TEST(TranslateTest, SchemaText) {
  auto ddl = ParseSchemaText("a int, b string");
  ASSERT_TRUE(ddl.ok());
  EXPECT_EQ(ddl->names(), (std::vector<std::string>{"a", "b"}));
  auto single = ParseSchemaText("bigint");
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->field(0).name, "value");
  auto json = ParseSchemaText(
      R"({"type":"struct","fields":[{"name":"x","type":"long","nullable":false,"metadata":{}},)"
      R"({"name":"y","type":{"type":"array","elementType":"string","containsNull":true},"nullable":true,"metadata":{}}]})");
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->field(0).type, DataType::Int64());
  EXPECT_FALSE(json->field(0).nullable);
  EXPECT_EQ(json->field(1).type, DataType::List(DataType::String()));
  EXPECT_FALSE(ParseSchemaText("{\"type\":\"struct\"").ok());
}

TEST(TranslateTest, ProtoTypesRoundTrip) {
  for (const DataType& t : {DataType::Bool(), DataType::Int8(), DataType::Int16(),
                            DataType::Int32(), DataType::Int64(), DataType::Float32(),
                            DataType::Float64(), DataType::String(), DataType::Binary(),
                            DataType::Date32(), DataType::Timestamp(), DataType::Decimal(12, 3),
                            DataType::List(DataType::Int64())}) {
    auto back = FromProtoType(ToProtoType(t));
    ASSERT_TRUE(back.ok()) << t.ToString();
    EXPECT_EQ(*back, t) << t.ToString();
  }
  pb::DataType map;
  map.mutable_map();
  EXPECT_EQ(FromProtoType(map).status().code(), StatusCode::kUnimplemented);
}

TEST(TranslateTest, LocalRelationDecodesArrow) {
  ColumnBuilder a(DataType::Int64());
  a.AppendInt(1);
  a.AppendNull();
  ColumnBuilder b(DataType::String());
  b.AppendString("x");
  b.AppendString("y");
  Schema schema({Field{"a", DataType::Int64(), true}, Field{"b", DataType::String(), true}});
  TablePtr t = Table::Make(schema, {a.Finish(), b.Finish()});
  auto bytes = EncodeArrowBatch(*t);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  pb::Relation r;
  r.mutable_local_relation()->set_data(*bytes);
  TranslateContext ctx;
  auto plan = TranslateRelation(r, &ctx);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ((*plan)->kind, sql::PlanKind::kLocalTable);
  EXPECT_EQ((*plan)->table->num_rows(), 2);
  EXPECT_TRUE((*plan)->table->column(0)->IsNull(1));

  // A schema with other names renames through a projection.
  r.mutable_local_relation()->set_schema("p long, q string");
  auto renamed = TranslateRelation(r, &ctx);
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ((*renamed)->kind, sql::PlanKind::kProject);

  r.mutable_local_relation()->set_data("garbage");
  EXPECT_FALSE(TranslateRelation(r, &ctx).ok());
}

TEST(TranslateTest, CachedLocalRelationReadsTheArtifact) {
  Session session("u", NewUuid());
  TranslateContext ctx;
  ctx.session = &session;
  pb::Relation r;
  r.mutable_cached_local_relation()->set_hash("abc");
  EXPECT_EQ(TranslateRelation(r, &ctx).status().code(), StatusCode::kNotFound);
  pb::LocalRelation local;
  local.set_schema("a int");
  session.PutArtifact("cache/abc", local.SerializeAsString());
  auto plan = TranslateRelation(r, &ctx);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->kind, sql::PlanKind::kLocalTable);
  EXPECT_EQ((*plan)->table->schema().field(0).name, "a");
}

}  // namespace
}  // namespace kindred::connect

namespace kindred::connect {
namespace {

TEST(TranslateTest, PlansAreCachedByPlanId) {
  Session session("u", NewUuid());
  TranslateContext ctx;
  ctx.session = &session;
  pb::Relation r = RangeRel(5);
  r.mutable_common()->set_plan_id(42);
  auto a = TranslateRelation(r, &ctx);
  auto b = TranslateRelation(r, &ctx);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_NE(session.LookupPlan(42), nullptr);
  // Without a plan id nothing is cached.
  auto c = TranslateRelation(RangeRel(5), &ctx);
  auto d = TranslateRelation(RangeRel(5), &ctx);
  EXPECT_NE(c->get(), d->get());
}

}  // namespace
}  // namespace kindred::connect

namespace kindred::connect {
namespace {

// Every relation, expression and command type, sent empty, gives a Status (never a crash).
TEST(TranslateTest, EveryMessageTypeAnswersWithAStatus) {
  Session session("u", NewUuid());
  std::atomic<bool> cancelled{false};
  sql::ExecContext exec;
  exec.catalog = &session.catalog();
  exec.cancelled = &cancelled;
  TranslateContext ctx;
  ctx.session = &session;
  ctx.exec = &exec;

  const auto* rel_oneof = pb::Relation::descriptor()->FindOneofByName("rel_type");
  ASSERT_NE(rel_oneof, nullptr);
  int checked = 0;
  for (int i = 0; i < rel_oneof->field_count(); ++i) {
    const auto* f = rel_oneof->field(i);
    pb::Relation r;
    r.GetReflection()->MutableMessage(&r, f);
    auto plan = TranslateRelation(r, &ctx);
    if (!plan.ok()) EXPECT_FALSE(plan.status().message().empty()) << f->name();
    // Wrapped in a filter, too: errors pass through parents.
    pb::Relation outer;
    *outer.mutable_filter()->mutable_input() = r;
    outer.mutable_filter()->mutable_condition()->mutable_literal()->set_boolean(true);
    (void)TranslateRelation(outer, &ctx);
    ++checked;
  }
  EXPECT_GT(checked, 60);

  const auto* expr_oneof = pb::Expression::descriptor()->FindOneofByName("expr_type");
  ASSERT_NE(expr_oneof, nullptr);
  for (int i = 0; i < expr_oneof->field_count(); ++i) {
    pb::Expression e;
    e.GetReflection()->MutableMessage(&e, expr_oneof->field(i));
    auto x = TranslateExpression(e, &ctx);
    if (!x.ok()) EXPECT_FALSE(x.status().message().empty()) << expr_oneof->field(i)->name();
  }

  const auto* cat_oneof = pb::Catalog::descriptor()->FindOneofByName("cat_type");
  ASSERT_NE(cat_oneof, nullptr);
  for (int i = 0; i < cat_oneof->field_count(); ++i) {
    pb::Relation r;
    r.mutable_catalog()->GetReflection()->MutableMessage(r.mutable_catalog(), cat_oneof->field(i));
    (void)TranslateRelation(r, &ctx);
  }
}

}  // namespace
}  // namespace kindred::connect
