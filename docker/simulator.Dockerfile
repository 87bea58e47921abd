# The simulator (an OpenAI-compatible SGLang/vLLM stand-in): Spring Boot's executable jar on a JRE.
# Build context: the repository root, after
#   ./mvnw -pl simulator -am package -DskipTests
# docker build -f docker/simulator.Dockerfile -t korean-llm-limiter/simulator:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre

RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --no-create-home --home-dir /tmp app
WORKDIR /app
COPY simulator/target/simulator-0.1.0-SNAPSHOT-exec.jar /app/app.jar

USER 10001:10001
ENV HOME=/tmp \
    KOREANLLM_TOKENIZERS_DIR=/tmp/tokenizers \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8000
ENTRYPOINT ["java", "-jar", "/app/app.jar", "--server.port=8000"]
