import type { Rng } from './random';

/**
 * Joint trajectories that look like a teleoperated pick-and-place (degrees, as SO-100 recordings store them):
 * the leader arm (action) moves through pick and place waypoints with minimum-jerk segments and a little hand
 * tremor; the follower (observation.state) tracks it with a first-order lag and encoder quantisation.
 * The last joint is the gripper when there are at least two joints.
 */

/** Per-robot constants, shared by all episodes so they look like one setup. */
export interface RobotProfile {
  home: number[];
  reach: number[];
  lift: number[];
  gripper: { rest: number; open: number; closed: number } | null;
}

export interface Trajectory {
  /** Row-major frames × joints, float32 values. */
  action: Float32Array;
  state: Float32Array;
}

/** Waypoints: home, above pick, pick, grasp, lift, above place, place, release, home. */
const KEYFRAME_TIMES = [0, 0.22, 0.32, 0.4, 0.5, 0.68, 0.76, 0.84, 1];
const FOLLOWER_LAG_S = 0.1;
/** STS3215 servos report 4096 steps per turn. */
const ENCODER_STEP_DEG = 360 / 4096;
const TREMOR_DEG = 0.4;

export function robotProfile(rng: Rng, jointCount: number): RobotProfile {
  const arm = jointCount >= 2 ? jointCount - 1 : jointCount;
  const profile: RobotProfile = { home: [], reach: [], lift: [], gripper: null };
  for (let j = 0; j < arm; j++) {
    profile.home.push(rng.uniform(-60, 120));
    profile.reach.push(rng.uniform(10, 35));
    profile.lift.push(rng.uniform(-15, 15));
  }
  if (arm < jointCount) profile.gripper = { rest: rng.uniform(0, 3), open: rng.uniform(25, 40), closed: rng.uniform(4, 8) };
  return profile;
}

export function episodeTrajectory(profile: RobotProfile, rng: Rng, length: number, fps: number): Trajectory {
  const joints = profile.home.length + (profile.gripper ? 1 : 0);
  const times = KEYFRAME_TIMES.map((t, k) => (k === 0 || k === KEYFRAME_TIMES.length - 1 ? t : t + rng.uniform(-0.015, 0.015)));
  const poses = keyframePoses(profile, rng);
  const tremor = Array.from({ length: joints }, () => ({
    hz: rng.uniform(0.3, 1.2),
    phase: rng.uniform(0, 2 * Math.PI),
  }));

  const action = new Float32Array(length * joints);
  const state = new Float32Array(length * joints);
  const follow = 1 - Math.exp(-1 / (fps * FOLLOWER_LAG_S));
  const current = new Float64Array(joints);
  for (let i = 0; i < length; i++) {
    const t = length > 1 ? i / (length - 1) : 0;
    const seconds = i / fps;
    for (let j = 0; j < joints; j++) {
      const isGripper = profile.gripper !== null && j === joints - 1;
      const { hz, phase } = tremor[j];
      const wobble = isGripper ? 0 : TREMOR_DEG * Math.sin(2 * Math.PI * hz * seconds + phase);
      const commanded = interpolate(times, poses, j, t) + wobble;
      action[i * joints + j] = commanded;
      current[j] = i === 0 ? commanded : current[j] + follow * (commanded - current[j]);
      state[i * joints + j] = Math.round(current[j] / ENCODER_STEP_DEG) * ENCODER_STEP_DEG;
    }
  }
  return { action, state };
}

function keyframePoses(profile: RobotProfile, rng: Rng): number[][] {
  const pick = profile.home.map((h, j) => h + profile.reach[j] * rng.uniform(-1, 1));
  const place = profile.home.map((h, j) => h + profile.reach[j] * rng.uniform(-1, 1));
  const above = (pose: number[]) => pose.map((v, j) => v + profile.lift[j]);
  const arm = [profile.home, above(pick), pick, pick, above(pick), above(place), place, above(place), profile.home];
  const g = profile.gripper;
  if (!g) return arm;
  const grip = [g.rest, g.open, g.open, g.closed, g.closed, g.closed, g.closed, g.open, g.rest];
  return arm.map((pose, k) => [...pose, grip[k]]);
}

/** Minimum-jerk blend between the keyframes around t: zero velocity and acceleration at every waypoint. */
function interpolate(times: number[], poses: number[][], joint: number, t: number): number {
  let k = 0;
  while (k < times.length - 2 && t > times[k + 1]) k++;
  const tau = Math.min(1, Math.max(0, (t - times[k]) / (times[k + 1] - times[k])));
  const s = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
  return poses[k][joint] + (poses[k + 1][joint] - poses[k][joint]) * s;
}
