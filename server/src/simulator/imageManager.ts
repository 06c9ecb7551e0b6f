import { maxBackOffSeconds } from './backOff';
import { setWaiting } from './containerStatus';
import { Priority } from './eventQueue';
import { seconds } from './messages';
import { emit, requestSync, type Container, type PodState, type Wait } from './podState';

/**
 * Images (pkg/kubelet/images/image_manager.go): the pull policy, the pull itself, and the image
 * pull back-off (ErrImagePull, then ImagePullBackOff). The images present on the node and the
 * back-off are the node's (`state.images`), shared by every pod on it.
 */

/**
 * EnsureImageExists (pkg/kubelet/images/image_manager.go), with the image pull back-off. A step of
 * the pod worker's sync: it blocks while the image is pulled. Returns whether the image is there.
 */
export function* ensureImage(state: PodState, container: Container): Generator<Wait, boolean, void> {
  const { image, imagePullPolicy, name } = { ...container.spec };
  const behaviour = container.behaviour;
  const images = state.images;
  if (imagePullPolicy === 'Never') {
    if (behaviour.imagePullFails) {
      container.note = `The image is not on the node and imagePullPolicy is Never, so the kubelet never pulls it.`;
      emit(
        state,
        'Warning',
        'ErrImageNeverPull',
        name,
        `Container image "${image}" is not present with pull policy of Never`,
      );
      emit(state, 'Warning', 'Failed', name, 'Error: ErrImageNeverPull');
      setWaiting(container, 'ErrImageNeverPull');
      return false;
    }
    emit(state, 'Normal', 'Pulled', name, `Container image "${image}" already present on machine`);
    return true;
  }
  if (imagePullPolicy === 'IfNotPresent' && images.present.has(image)) {
    emit(state, 'Normal', 'Pulled', name, `Container image "${image}" already present on machine`);
    return true;
  }
  if (images.backOff.isInBackOffSinceUpdate(image, state.clock.now)) {
    const delay = images.backOff.delay(image);
    const retryAt = (images.backOff.lastUpdate(image) ?? state.clock.now) + delay;
    if (container.announcedRetryAt !== retryAt) {
      container.announcedRetryAt = retryAt;
      const failures = images.failedPulls.get(image) ?? 0;
      container.note = `Pulling "${image}" has failed ${failures} time${failures === 1 ? '' : 's'}; the next attempt is at t=${retryAt} (back-off ${seconds(delay)}).`;
      setWaiting(container, 'ImagePullBackOff');
      emit(
        state,
        'Normal',
        'BackOff',
        name,
        `Back-off pulling image "${image}"`,
        `The kubelet waits ${seconds(delay)} before pulling again: the delay starts at 10s and doubles after each failed pull, up to ${maxBackOffSeconds}s.`,
        { kind: 'imagePullBackOff', image, failedPulls: failures, delay, retryAt },
      );
      emit(state, 'Warning', 'Failed', name, 'Error: ImagePullBackOff');
      state.clock.schedule(retryAt, Priority.kubelet, () => requestSync(state));
    }
    return false;
  }
  const cached = images.present.has(image);
  const pullSeconds = cached ? 0 : behaviour.pullSeconds;
  emit(
    state,
    'Normal',
    'Pulling',
    name,
    `Pulling image "${image}"`,
    cached
      ? `imagePullPolicy is Always: the kubelet checks the registry at every start; the layers are cached, so the pull takes no time.`
      : `The image is not on the node yet (imagePullPolicy ${imagePullPolicy}); pulling takes ${seconds(pullSeconds)} in this scenario.`,
  );
  container.pulling = true;
  if (pullSeconds > 0) {
    yield { kind: 'seconds', seconds: pullSeconds };
  }
  container.pulling = false;
  if (behaviour.imagePullFails) {
    const failures = (images.failedPulls.get(image) ?? 0) + 1;
    images.failedPulls.set(image, failures);
    images.backOff.next(image, state.clock.now, state.clock.now);
    container.note = `Pulling "${image}" failed at t=${state.clock.now}; the kubelet retries after a back-off.`;
    emit(
      state,
      'Warning',
      'Failed',
      name,
      `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`,
      'The scenario makes this pull fail (imagePull: fail).',
    );
    emit(state, 'Warning', 'Failed', name, 'Error: ErrImagePull');
    setWaiting(container, 'ErrImagePull');
    // The pod worker syncs again at once and finds the image in back-off.
    requestSync(state);
    return false;
  }
  images.present.add(image);
  emit(
    state,
    'Normal',
    'Pulled',
    name,
    `Successfully pulled image "${image}" in ${seconds(pullSeconds)} (${seconds(pullSeconds)} including waiting)`,
  );
  return true;
}
