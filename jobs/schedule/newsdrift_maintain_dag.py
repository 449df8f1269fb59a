"""Airflow DAG: newsdrift's weekly table maintenance through SparkSubmitOperator.

Every Sunday at 04:00 UTC, after the 02:30 nightly, the same job jar runs `maintain` (main class
io.newsdrift.cli.Main): expire old snapshots, remove orphan files, compact small files. It takes no
date: each run maintains the warehouse as it is, so there is nothing to catch up. The task shares the
one-slot pool `newsdrift_warehouse` with the nightly task (newsdrift_nightly_dag.py), so it waits for
a nightly that is still running instead of exiting 3 (busy). Exit code 1 (failed run) or 2 (bad
config) fails the task; re-running it is safe.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

NEWSDRIFT_JAR = "/opt/newsdrift/target/newsdrift-job.jar"
WAREHOUSE = "s3a://news-warehouse/newsdrift"

with DAG(
    dag_id="newsdrift_maintain",
    schedule="0 4 * * 0",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,  # one writer per warehouse at a time (with the pool below)
    default_args={"retries": 1, "retry_delay": timedelta(minutes=30)},
    tags=["newsdrift"],
) as dag:
    SparkSubmitOperator(
        task_id="maintain",
        pool="newsdrift_warehouse",
        conn_id="spark_default",
        application=NEWSDRIFT_JAR,
        java_class="io.newsdrift.cli.Main",
        name="newsdrift-maintain-{{ ds }}",
        properties_file="/opt/newsdrift/jobs/spark-defaults.s3.conf",
        conf={"spark.executor.cores": "2", "spark.cores.max": "16"},
        executor_memory="4g",
        driver_memory="4g",
        application_args=[
            "maintain",
            "--warehouse",
            WAREHOUSE,
            "--config",
            "/etc/newsdrift/nightly.yaml",
        ],
    )
