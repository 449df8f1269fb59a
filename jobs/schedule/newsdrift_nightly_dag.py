"""Airflow DAG: newsdrift's nightly run through SparkSubmitOperator.

The operator submits the same job jar with the same command line as `jobs/newsdrift nightly`
(main class io.newsdrift.cli.Main); `{{ ds }}` is the logical date, so Airflow's own backfill and
catch-up give one run per date, and newsdrift's watermark makes a run after missed ones catch up
anyway. Needs apache-airflow-providers-apache-spark and a `spark_default` connection pointing at
the cluster (e.g. spark://spark-master:7077). Exit code 1 (failed run) or 2 (bad config) fails the
task; re-running a task replaces that date's partitions exactly. The task shares the one-slot pool
`newsdrift_warehouse` with the weekly maintain (newsdrift_maintain_dag.py), so the two never write the
warehouse at once; create it once with `airflow pools set newsdrift_warehouse 1 "one writer per warehouse"`.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

NEWSDRIFT_JAR = "/opt/newsdrift/target/newsdrift-job.jar"
WAREHOUSE = "s3a://news-warehouse/newsdrift"

with DAG(
    dag_id="newsdrift_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,  # one writer per warehouse at a time
    default_args={"retries": 1, "retry_delay": timedelta(minutes=30)},
    tags=["newsdrift"],
) as dag:
    SparkSubmitOperator(
        task_id="nightly",
        pool="newsdrift_warehouse",
        conn_id="spark_default",
        application=NEWSDRIFT_JAR,
        java_class="io.newsdrift.cli.Main",
        name="newsdrift-nightly-{{ ds }}",
        properties_file="/opt/newsdrift/jobs/spark-defaults.s3.conf",
        conf={"spark.executor.cores": "2", "spark.cores.max": "16"},
        executor_memory="4g",
        driver_memory="4g",
        application_args=[
            "nightly",
            "--date",
            "{{ ds }}",
            "--warehouse",
            WAREHOUSE,
            "--config",
            "/etc/newsdrift/nightly.yaml",
        ],
    )
