# shellcheck shell=bash
# Finds a Java runtime new enough for a server and fetches jars from Maven Central into a
# cache folder once. Needs proc.sh sourced first (for say/die).

# java_find MIN_MAJOR: prints the java command to use. Takes CLICKLOG_JAVA, then
# $JAVA_HOME/bin/java, then java on PATH; fails with a clear reason when it is too old.
java_find() {
  local min=$1 java major
  if [[ -n ${CLICKLOG_JAVA:-} ]]; then java=$CLICKLOG_JAVA
  elif [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then java=$JAVA_HOME/bin/java
  else java=$(command -v java) || die "no java found; install a JDK $min+ (scripts/install-deps --test)"
  fi
  # `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_x" for 8).
  major=$("$java" -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n1)
  [[ $major =~ ^[0-9]+$ ]] || die "cannot tell the version of $java"
  ((major >= min)) || die "$java is Java $major; this needs Java $min or newer (set JAVA_HOME or CLICKLOG_JAVA)"
  printf '%s\n' "$java"
}

# maven_fetch POM DEST: copies POM's runtime dependencies into DEST/libs, once. A stamp with
# the pom's hash makes later calls instant; a lock lets parallel callers wait for one fetch.
maven_fetch() {
  local pom=$1 dest=$2 want
  want=$(sha256sum "$pom" | cut -d' ' -f1)
  [[ -d $dest/libs && "$(cat "$dest/.pom-sha256" 2>/dev/null)" == "$want" ]] && return 0
  mkdir -p "$dest"
  (
    flock 8
    [[ -d $dest/libs && "$(cat "$dest/.pom-sha256" 2>/dev/null)" == "$want" ]] && exit 0
    command -v mvn >/dev/null || die "mvn not found; install maven (scripts/install-deps --test)"
    say "fetching $(basename "$pom") dependencies from Maven Central into $dest (once)"
    # Maven runs on a copy so that nothing it writes lands in the work tree.
    cp "$pom" "$dest/pom.xml"
    rm -rf "$dest/libs.partial"
    if ! mvn -B -q -f "$dest/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
        -DoutputDirectory="$dest/libs.partial" >"$dest/mvn.log" 2>&1; then
      log_tail "$dest/mvn.log" 40
      die "maven could not fetch the jars (full log: $dest/mvn.log)"
    fi
    rm -rf "$dest/libs" "$dest"/*.jsa
    mv "$dest/libs.partial" "$dest/libs"
    echo "$want" >"$dest/.pom-sha256"
  ) 8>"$dest.lock" || exit 1
}
