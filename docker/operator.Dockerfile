# The operator. Its module builds a plain jar (no fat jar), so the image takes the jar and its runtime
# dependencies side by side. Build context: the repository root, after
#   ./mvnw -pl operator -am package -DskipTests
#   ./mvnw -pl operator dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib
# docker build -f docker/operator.Dockerfile -t korean-llm-limiter/operator:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre

RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --no-create-home --home-dir /tmp app
WORKDIR /app
# Dependencies first: they change less often than the operator, so their layer is reused.
COPY operator/target/lib/ /app/lib/
COPY operator/target/operator-0.1.0-SNAPSHOT.jar /app/operator.jar

USER 10001:10001
ENV HOME=/tmp \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8081
ENTRYPOINT ["java", "-cp", "/app/operator.jar:/app/lib/*", "io.koreanllm.operator.OperatorMain"]
