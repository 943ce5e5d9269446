package dev.orchestrator.host;

import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.client.ClientListener;
import dev.orchestrator.host.client.JobHandler;
import dev.orchestrator.host.client.JobResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a {@link dev.orchestrator.host.client.GameServerClient} reports, as its job
 * handler and listener; answers every job with {@code answer} (null: later, by hand).
 */
public final class ClientRecorder implements JobHandler, ClientListener {
  public final List<AssignJob> jobs = new CopyOnWriteArrayList<>();
  public final List<Boolean> resumed = new CopyOnWriteArrayList<>();
  public final List<AssignJob> cancelled = new CopyOnWriteArrayList<>();
  public final List<Welcome> welcomes = new CopyOnWriteArrayList<>();
  public final List<Ack> acks = new CopyOnWriteArrayList<>();
  public final List<Integer> disconnects = new CopyOnWriteArrayList<>();
  public final List<Command> commands = new CopyOnWriteArrayList<>();
  private final JobResult answer;

  public ClientRecorder(JobResult answer) {
    this.answer = answer;
  }

  @Override
  public JobResult onJob(AssignJob job, boolean wasResumed) {
    jobs.add(job);
    resumed.add(wasResumed);
    return answer;
  }

  @Override
  public void onCancel(AssignJob job, String reason) {
    cancelled.add(job);
  }

  @Override
  public void onConnected(Welcome welcome) {
    welcomes.add(welcome);
  }

  @Override
  public void onDisconnected(int code, String reason, boolean byClient, boolean willReconnect) {
    disconnects.add(code);
  }

  @Override
  public void onAck(Ack ack) {
    acks.add(ack);
  }

  @Override
  public void onCommand(Command command) {
    commands.add(command);
  }
}
