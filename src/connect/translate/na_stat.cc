// DataFrame.na (fill, drop, replace) and describe()/summary().
#include "connect/errors.h"
#include "connect/translate/translate.h"

namespace kindred::connect {

namespace pb = spark::connect;

Result<sql::PlanPtr> TranslateNaStat(const pb::Relation& rel, TranslateContext* ctx) {
  switch (rel.rel_type_case()) {
    case pb::Relation::kFillNa: {
      const auto& f = rel.fill_na();
      if (f.values_size() == 0) return InvalidArgument("na.fill needs at least one value");
      if (f.values_size() > 1 && f.values_size() != f.cols_size()) {
        return InvalidArgument("na.fill got ", f.values_size(), " values for ", f.cols_size(),
                               " columns");
      }
      ASSIGN_OR_RETURN(sql::PlanPtr input, TranslateRelation(f.input(), ctx));
      std::vector<sql::Value> values;
      for (const auto& v : f.values()) {
        ASSIGN_OR_RETURN(sql::Value x, TranslateLiteral(v));
        values.push_back(std::move(x));
      }
      return sql::NAFill(input, {f.cols().begin(), f.cols().end()}, std::move(values));
    }
    case pb::Relation::kDropNa: {
      const auto& d = rel.drop_na();
      ASSIGN_OR_RETURN(sql::PlanPtr input, TranslateRelation(d.input(), ctx));
      std::optional<int32_t> min_non_nulls;
      if (d.has_min_non_nulls()) min_non_nulls = d.min_non_nulls();
      return sql::NADrop(input, {d.cols().begin(), d.cols().end()}, min_non_nulls);
    }
    case pb::Relation::kReplace: {
      const auto& r = rel.replace();
      ASSIGN_OR_RETURN(sql::PlanPtr input, TranslateRelation(r.input(), ctx));
      std::vector<std::pair<sql::Value, sql::Value>> pairs;
      for (const auto& rep : r.replacements()) {
        ASSIGN_OR_RETURN(sql::Value from, TranslateLiteral(rep.old_value()));
        ASSIGN_OR_RETURN(sql::Value to, TranslateLiteral(rep.new_value()));
        pairs.emplace_back(std::move(from), std::move(to));
      }
      return sql::NAReplace(input, {r.cols().begin(), r.cols().end()}, std::move(pairs));
    }
    case pb::Relation::kDescribe: {
      const auto& d = rel.describe();
      ASSIGN_OR_RETURN(sql::PlanPtr input, TranslateRelation(d.input(), ctx));
      return sql::Describe(input, {d.cols().begin(), d.cols().end()});
    }
    case pb::Relation::kSummary: {
      const auto& s = rel.summary();
      ASSIGN_OR_RETURN(sql::PlanPtr input, TranslateRelation(s.input(), ctx));
      return sql::Summary(input, {s.statistics().begin(), s.statistics().end()});
    }
    default:
      return UnsupportedFeature(StrCat("relation type ", RelationTypeName(rel)));
  }
}

}  // namespace kindred::connect
