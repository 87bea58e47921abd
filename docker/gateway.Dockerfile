# The gateway: Spring Boot's executable jar on a JRE. Build context: the repository root, after
#   ./mvnw -pl gateway -am package -DskipTests
# docker build -f docker/gateway.Dockerfile -t korean-llm-limiter/gateway:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre

# Not root: the chart runs every pod as 10001 with a read-only root filesystem, /tmp an emptyDir.
RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --no-create-home --home-dir /tmp app
WORKDIR /app
COPY gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar /app/app.jar

USER 10001:10001
# HOME=/tmp: DJL unpacks its native tokenizer library under the home folder.
ENV HOME=/tmp \
    KOREANLLM_TOKENIZERS_DIR=/var/cache/korean-llm-limiter/tokenizers \
    JAVA_TOOL_OPTIONS="-Xms64m -Xmx256m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
