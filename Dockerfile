# syntax=docker/dockerfile:1
# spinecds as a container image (README, "Deploy"). Build from the repository root:
#   docker build -t spinecds:0.1.0 .
# Two stages: Maven builds the executable jar with a JDK; the image that runs it has a JRE only.

FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /src
# The wrapper and the poms first, so that a change of source alone does not invalidate the dependency cache mount.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY cql/ cql/
COPY cds-hooks/ cds-hooks/
COPY server/ server/
# The parent pom lists the benchmarks module; its pom must be there even though it is not built.
COPY benchmarks/pom.xml benchmarks/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package -pl server -am
# Boot's unpacked layout (the jar plus lib/): a class archive cannot map classes from jars nested in a jar.
RUN java -Djarmode=tools -jar server/target/spinecds-server.jar extract --destination /app

# noble: the Temurin Ubuntu images carry curl, which the health check uses.
FROM eclipse-temurin:17-jre-noble
RUN groupadd --system --gid 10001 spinecds \
 && useradd --system --uid 10001 --gid spinecds --home-dir /app --no-create-home --shell /usr/sbin/nologin spinecds \
 && install -d -o spinecds -g spinecds /var/lib/spinecds
WORKDIR /app
COPY --from=build /app/ ./
# Heap sized to the container's memory limit, not the host's; a JVM out of memory exits (the orchestrator restarts
# it) instead of limping on. Outside the heap, the C library's memory is given back every 5 s and held in two arenas,
# not one per core and thread: some 15 MB less resident under large records, at no measured CPU (README, "How fast").
# The parallel collector by name: left to choose, the JVM takes the single-threaded one in a container of under 2 CPUs
# or 1,792 MB (deploy/kubernetes gives 1 GiB), which under large records cost 13-19 % more CPU and twice the p99 of
# the parallel one, and G1 above that size, which peaked 120-200 MB higher (README, "Image"). Metaspace's first
# collection threshold above the ~85 MB the service's classes take: below it, the parallel collector stops the start
# for three full collections (a start 2-3 s slower here).
# Override or extend with JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+UseParallelGC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000" \
    MALLOC_ARENA_MAX=2 \
    SPINECDS_DATA_DIR=/var/lib/spinecds
# AppCDS: a training start (it loads the ELM and value sets and warms the rules, then exits) writes the classes it
# loaded into an archive that later starts map instead of loading; readiness comes sooner (README, "Deploy").
RUN java -XX:ArchiveClassesAtExit=/app/spinecds.jsa -Dspring.context.exit=onRefresh \
        -jar /app/spinecds-server.jar --spinecds.data-dir=/tmp/training >/dev/null \
 && rm -rf /tmp/training
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8080}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/spinecds.jsa", "-jar", "/app/spinecds-server.jar"]
