package io.newsdrift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void sparkRedactsS3aEncryptionKeysAsWellAsItsOwnDefaults() {
    SparkConf conf = new SparkConf(false);
    Secrets.protect(conf);
    String regex = conf.get("spark.redaction.regex");
    for (String name :
        new String[] {
          "spark.hadoop.fs.s3a.secret.key",
          "spark.hadoop.fs.s3a.access.key",
          "spark.hadoop.fs.s3a.session.token",
          "spark.hadoop.fs.s3a.encryption.key",
          "spark.hadoop.fs.s3a.server-side-encryption.key",
          "spark.hadoop.fs.s3a.bucket.b.encryption.key"
        }) {
      assertThat(java.util.regex.Pattern.compile(regex).matcher(name).find()).as(name).isTrue();
    }
    assertThat(Secrets.isSecret("spark.hadoop.fs.s3a.encryption.algorithm")).isFalse();
    assertThat(Secrets.isSecret("spark.hadoop.fs.s3a.endpoint")).isFalse();
  }

  @Test
  void aUsersRedactionRegexIsKeptAndWidened() {
    SparkConf conf = new SparkConf(false).set("spark.redaction.regex", "(?i)internal");
    Secrets.protect(conf);
    String regex = conf.get("spark.redaction.regex");
    assertThat(java.util.regex.Pattern.compile(regex).matcher("x.internal.y").find()).isTrue();
    assertThat(java.util.regex.Pattern.compile(regex).matcher("fs.s3a.encryption.key").find())
        .isTrue();
    Secrets.protect(conf);
    assertThat(conf.get("spark.redaction.regex")).isEqualTo(regex);
  }

  @Test
  void redactBlanksSecretValuesAndUriLogins() {
    Configuration conf = new Configuration(false);
    conf.set("fs.s3a.secret.key", "s3cr3t-value-1");
    conf.set("fs.s3a.bucket.b.encryption.key", "enc-key-value-2");
    conf.set("fs.s3a.endpoint", "http://127.0.0.1:9000");
    String text =
        "failed with s3cr3t-value-1 and enc-key-value-2 at http://127.0.0.1:9000"
            + " reading s3a://AKIA1:pw@bucket/x";
    assertThat(Secrets.redact(text, conf))
        .isEqualTo(
            "failed with *********(redacted) and *********(redacted) at http://127.0.0.1:9000"
                + " reading s3a://*********(redacted)@bucket/x");
    assertThat(Secrets.redact(null, conf)).isNull();
  }
}
