package dev.orchestrator.host.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The admin API calls the crash tests make, and the checks they share. */
final class AdminHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  JsonNode get(HostProcess host, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(host.http(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  int status(HostProcess host, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(host.http(path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  void createMap(HostProcess host, String mapId) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(host.http("/api/map/create/"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"map_id\":\"" + mapId + "\",\"season_id\":1}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  long completedMaps(HostProcess host) throws IOException, InterruptedException {
    return get(host, "/api/maps/?status=completed&limit=1000").get("count").asLong();
  }

  /** The rounds of a map that have a completed history record, in order. */
  List<Long> completedRounds(HostProcess host, String mapId)
      throws IOException, InterruptedException {
    List<Long> rounds = new ArrayList<>();
    get(host, "/api/map/" + mapId + "/history/?limit=1000").get("history").forEach(record -> {
      if (record.get("outcome").asText().equals("completed")) {
        rounds.add(record.get("round_number").asLong());
      }
    });
    rounds.sort(Long::compare);
    return rounds;
  }
}
