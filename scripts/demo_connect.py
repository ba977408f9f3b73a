"""The main job through the Spark Connect protocol: a Python client (kindred.connect and
kindred.zingg, nothing but grpcio and protobuf) drives `kindred serve`: it reads the generated
people, finds and labels training pairs with the simulated labeller, trains, matches, computes
pairwise precision / recall / F1 with SQL on the server, and shows a few clusters; then does
the same on DataFrames with EntityResolver, the pairs, labels and model staying in the session.

usage: /usr/bin/python3 scripts/demo_connect.py sc://127.0.0.1:PORT DATA_DIR
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

from kindred.connect import SparkSession  # noqa: E402
from kindred.zingg import (Arguments, ClientOptions, CsvPipe, EntityResolver,  # noqa: E402
                           FieldDefinition, MatchType, Zingg, simulated_labeller)

FIELDS = ["given_name", "surname", "street_number", "address_1", "suburb", "postcode", "state",
          "date_of_birth", "soc_sec_id"]


def main(remote, data_dir):
    times = {}
    spark = SparkSession.builder.remote(remote).getOrCreate()
    people_csv = os.path.join(data_dir, "people.csv")
    people = spark.read.csv(people_csv, header=True)
    print(f"== {people.count()} people read through the server")

    args = Arguments()
    args.setFieldDefinition([FieldDefinition("rec_id", "string", MatchType.DONT_USE)]
                            + [FieldDefinition(f, "string", MatchType.FUZZY) for f in FIELDS]
                            + [FieldDefinition("email", "string", MatchType.EMAIL)])
    args.setData(CsvPipe("people", people_csv).setHeader(True))
    matched_csv = os.path.join(data_dir, "matched-connect.csv")
    args.setOutput(CsvPipe("matched", matched_csv).setHeader(True))
    args.setZinggDir(os.path.join(data_dir, "models-connect"))
    args.setModelId("demo")
    args.setLabelDataSampleSize(0.1)

    def phase(name):
        return Zingg(args, ClientOptions([ClientOptions.PHASE, name]), spark)

    start = time.time()
    for _ in range(3):
        phase("findTrainingData").execute()
        counts = phase("label").label(simulated_labeller("entity_id"))
        print(f"   labelled {counts['match']} matches, {counts['no_match']} non-matches")
    times["findAndLabel"] = time.time() - start
    start = time.time()
    phase("train").execute()
    times["train"] = time.time() - start
    start = time.time()
    phase("match").execute()
    times["match"] = time.time() - start

    matched = spark.read.csv(matched_csv, header=True, inferSchema=True)
    matched.createOrReplaceTempView("matched")
    f1 = print_pairwise_metrics(spark, "matched")
    print("== time per stage (through the protocol)")
    for k, v in times.items():
        print(f"   {k:<14} {v:6.2f}s")
    print("== a few clusters")
    spark.sql("""
        SELECT m.z_cluster, m.given_name, m.surname, m.address_1, m.suburb, m.date_of_birth,
               m.z_minScore, m.z_maxScore
        FROM matched m
        JOIN (SELECT z_cluster FROM matched GROUP BY z_cluster HAVING count(*) >= 3
              ORDER BY z_cluster LIMIT 3) big USING (z_cluster)
        ORDER BY m.z_cluster, m.given_name
    """).show(20, truncate=False)

    # The same job on DataFrames, with no files: pairs, labels and the model stay in the session.
    print("== again on DataFrames: EntityResolver, model trained in the session")
    start = time.time()
    er = EntityResolver(args, spark)
    labelled = None
    for _ in range(3):
        pairs = er.findTrainingPairs(people, labelled)
        labelled = er.labelPairs(pairs, simulated_labeller("entity_id"), labelled)
    trained = er.train(people, labelled, sessionModel="people")
    print(f"   trained on {trained['matches']} matches, {trained['non_matches']} non-matches "
          f"({trained['model']})")
    er.match(people, sessionModel="people").createOrReplaceTempView("matched_in_session")
    f1_session = print_pairwise_metrics(spark, "matched_in_session")
    print(f"   {time.time() - start:.2f}s for find, label, train and match")
    spark.stop()
    return 0 if min(f1, f1_session) > 0.9 else 1


def print_pairwise_metrics(spark, view):
    """Pairwise precision / recall / F1 of `view` (z_cluster against entity_id), computed by the
    server through the (cluster, entity) contingency table; returns F1."""
    pairs = spark.sql(f"""
        SELECT p.predicted, t.truth, c.correct
        FROM (SELECT sum(n * (n - 1) / 2) AS predicted
              FROM (SELECT count(*) AS n FROM {view} GROUP BY z_cluster) a) p
        CROSS JOIN (SELECT sum(n * (n - 1) / 2) AS truth
                    FROM (SELECT count(*) AS n FROM {view} GROUP BY entity_id) b) t
        CROSS JOIN (SELECT sum(n * (n - 1) / 2) AS correct
                    FROM (SELECT count(*) AS n FROM {view} GROUP BY z_cluster, entity_id) c) c
    """).collect()[0]
    precision = pairs.correct / pairs.predicted if pairs.predicted else 1.0
    recall = pairs.correct / pairs.truth if pairs.truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"== pairwise precision {precision:.4f}  recall {recall:.4f}  f1 {f1:.4f}")
    return f1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
