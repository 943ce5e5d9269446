package dev.orchestrator.core.benchkit;

import dev.orchestrator.core.ServerSession;
import dev.orchestrator.core.SessionHandle;
import java.time.Clock;

/**
 * An in-process game server for the cycle benchmarks: answers each {@code assign_job} with {@code
 * job_done} (next round due now, on its host's clock) while the shared {@link CycleBudget} has
 * cycles left; otherwise it parks the job until the next invocation releases it. Reads the two ids
 * it needs from the frame's text instead of decoding it.
 */
public final class CyclingServer implements ServerSession {
  private static final String ASSIGN_JOB = "{\"type\":\"assign_job\"";
  private static final String MAP_ID = "\"map_id\":\"";
  private static final String JOB_ID = "\"job_id\":\"";

  private final String serverId;
  private final Clock clock;
  private final CycleBudget budget;
  private volatile SessionHandle handle;
  private String parkedMapId;
  private String parkedJobId;

  public CyclingServer(String serverId, Clock clock, CycleBudget budget) {
    this.serverId = serverId;
    this.clock = clock;
    this.budget = budget;
  }

  public void connectedAs(SessionHandle sessionHandle) {
    this.handle = sessionHandle;
  }

  /** Answers the parked job if the budget allows, else parks it again. */
  public void release() {
    String mapId;
    String jobId;
    synchronized (this) {
      mapId = parkedMapId;
      jobId = parkedJobId;
      parkedMapId = null;
      parkedJobId = null;
    }
    answerOrPark(mapId, jobId);
  }

  @Override
  public String serverId() {
    return serverId;
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1";
  }

  @Override
  public void send(String frame) {
    if (frame.startsWith(ASSIGN_JOB)) {
      answerOrPark(field(frame, MAP_ID), field(frame, JOB_ID));
    }
  }

  @Override
  public void close(int code, String reason) {}

  private void answerOrPark(String mapId, String jobId) {
    if (budget.take()) {
      handle.onText(
          "{\"type\":\"job_done\",\"map_id\":\"" + mapId + "\",\"job_id\":\"" + jobId
              + "\",\"next_round_time\":\"" + clock.instant() + "\"}");
    } else {
      synchronized (this) {
        parkedMapId = mapId;
        parkedJobId = jobId;
      }
      budget.parked();
    }
  }

  private static String field(String frame, String prefix) {
    int start = frame.indexOf(prefix) + prefix.length();
    return frame.substring(start, frame.indexOf('"', start));
  }
}
