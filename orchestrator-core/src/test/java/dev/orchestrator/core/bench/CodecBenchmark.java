package dev.orchestrator.core.bench;

import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.protocol.ProtocolException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The codec's cost per message, for the frames of a job cycle and of an idle server. The host's
 * side: decoding {@code heartbeat} and {@code job_done}, building and encoding {@code assign_job},
 * encoding {@code ack}. The game server's (the simulator's) side: decoding {@code assign_job} and
 * {@code ack}, encoding {@code job_done}. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  private static final String HEARTBEAT =
      "{\"type\":\"heartbeat\",\"cpu_usage\":31.5,\"ram_usage\":48.25,\"disk_usage\":40.0}";
  private static final String JOB_DONE = "{\"type\":\"job_done\",\"map_id\":\"sim-map-00042\","
      + "\"next_round_time\":\"2026-11-23T15:00:00.123456Z\",\"job_id\":\"j-vm-1a2b3c-42\"}";

  private final ProtocolCodec codec = new ProtocolCodec();
  private final AssignJob assignJob = new AssignJob("j-vm-1a2b3c-42", "sim-map-00042", "sim",
      7, 12, 1, Instant.parse("2026-11-23T15:05:00.123Z"), "{}");
  private final Ack ack = new Ack("job_done", "sim-map-00042", "j-vm-1a2b3c-42");
  private final JobDone jobDone = new JobDone("sim-map-00042",
      Instant.parse("2026-11-23T15:00:00.123456Z"), "j-vm-1a2b3c-42");
  private final String assignJobFrame = codec.encode(assignJob);
  private final String ackFrame = codec.encode(ack);

  @Benchmark
  public ClientMessage decodeHeartbeat() throws ProtocolException {
    return codec.decodeClient(HEARTBEAT);
  }

  @Benchmark
  public ClientMessage decodeJobDone() throws ProtocolException {
    return codec.decodeClient(JOB_DONE);
  }

  @Benchmark
  public String encodeAssignJob() {
    return codec.encode(assignJob);
  }

  @Benchmark
  public String encodeAck() {
    return codec.encode(ack);
  }

  /** What the engine does for every lease: the record validates and normalises map_config. */
  @Benchmark
  public AssignJob buildAssignJob() {
    return new AssignJob("j-vm-1a2b3c-42", "sim-map-00042", "sim", 7, 12, 1,
        assignJob.deadline(), "{}");
  }

  @Benchmark
  public HostMessage decodeAssignJob() throws ProtocolException {
    return codec.decodeHost(assignJobFrame);
  }

  @Benchmark
  public HostMessage decodeAck() throws ProtocolException {
    return codec.decodeHost(ackFrame);
  }

  @Benchmark
  public String encodeJobDone() {
    return codec.encode(jobDone);
  }
}
