package dev.orchestrator.examples.embedding;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.ServerSession;
import dev.orchestrator.core.SessionHandle;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Embeds the orchestrator in a JVM backend with no network at all: the "transport" is an
 * in-process {@link ServerSession}, standing where your WebSocket endpoint would adapt its
 * connections. Runs three rounds of one map and prints the task history.
 */
public final class EmbeddingMain {
  private static final int ROUNDS = 3;

  private EmbeddingMain() {}

  /** Runs the example; exits when the map has no further round. */
  public static void main(String[] args) throws InterruptedException {
    List<TaskRecord> history = run();
    history.forEach(
        r -> System.out.printf("round %d on %s: %s in %d ms%n",
            r.roundNumber(), r.serverId(), r.outcome().wireName(), r.duration().toMillis()));
  }

  /** Runs the rounds and returns the map's history, newest first. */
  public static List<TaskRecord> run() throws InterruptedException {
    CountDownLatch finished = new CountDownLatch(1);
    try (Orchestrator orchestrator =
        Orchestrator.builder()
            .store(new InMemoryStore())
            .hostId("embedded")
            .reconnectGrace(Duration.ofSeconds(10))
            .listener(event -> {
              if (event.details().getOrDefault("status", "").equals("completed")) {
                finished.countDown();
              }
            })
            .build()) {
      orchestrator.start();
      InProcessGameServer server = new InProcessGameServer("unity_127_0_0_1");
      server.handle = orchestrator.attach(server);
      orchestrator.createMap(NewMap.of("planet_123", "1"));
      if (!finished.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the map did not finish its rounds within 10 s");
      }
      return orchestrator.history("planet_123", 10);
    }
  }

  /** A game server living in the same JVM: it finishes every round at once. */
  private static final class InProcessGameServer implements ServerSession {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final String serverId;
    private volatile SessionHandle handle;

    InProcessGameServer(String serverId) {
      this.serverId = serverId;
    }

    @Override
    public String serverId() {
      return serverId;
    }

    @Override
    public String remoteAddress() {
      return "in-process";
    }

    @Override
    public void send(String frame) {
      if (codec.decodeHost(frame) instanceof AssignJob job) {
        boolean last = job.currentRoundNumber() + 1 >= ROUNDS;
        handle.onText(codec.encode(new JobDone(job.mapId(), last ? null : Instant.now(),
            job.jobId())));
      }
    }

    @Override
    public void close(int code, String reason) {
      handle.onClose(code, reason);
    }
  }
}
