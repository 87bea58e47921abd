package io.koreanllm.gateway.observe;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The last requests this gateway replica saw end, newest first, for the dashboard. Bounded; kept in memory only. */
@Component
public class RecentRequests implements RequestListener {

  public static final int CAPACITY = 200;

  private final RequestRecord[] ring = new RequestRecord[CAPACITY];
  private long written;

  @Override
  public synchronized void requestEnded(RequestRecord record) {
    ring[(int) (written++ % CAPACITY)] = record;
  }

  /** Up to {@code limit} records, newest first. */
  public synchronized List<RequestRecord> latest(int limit) {
    int count = (int) Math.min(Math.min(limit, CAPACITY), written);
    List<RequestRecord> latest = new ArrayList<>(count);
    for (long i = written - 1; i >= written - count; i--) {
      latest.add(ring[(int) (i % CAPACITY)]);
    }
    return latest;
  }
}
