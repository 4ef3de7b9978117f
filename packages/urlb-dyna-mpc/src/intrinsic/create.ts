// The PT reward of a method name (brief §4).
import type { Rng } from 'core-tensor';
import type { AgentConfig, IntrinsicMethod } from '../config.js';
import type { WorldModel } from '../model/world-model.js';
import { AptReward } from './apt.js';
import { IcmReward } from './icm.js';
import type { IntrinsicReward } from './intrinsic-reward.js';
import { LbsReward } from './lbs.js';
import { Plan2ExploreReward } from './plan2explore.js';
import { RandomExplorer } from './random-explorer.js';
import { RndReward } from './rnd.js';

export function createIntrinsicReward(
  method: IntrinsicMethod,
  worldModel: WorldModel,
  config: AgentConfig,
  rng: Rng,
): IntrinsicReward {
  const featureSize = worldModel.featureSize;
  const embedSize = worldModel.encoder.embedSize;
  switch (method) {
    case 'lbs':
      return new LbsReward(featureSize, config, rng);
    case 'plan2explore':
      return new Plan2ExploreReward(featureSize, worldModel.actionSize, embedSize, config, rng);
    case 'random':
      return new RandomExplorer();
    case 'icm':
      return new IcmReward(embedSize, worldModel.actionSize, config, rng);
    case 'rnd':
      return new RndReward(worldModel.observationShape, config, rng);
    case 'apt':
      return new AptReward(config.rewardNormMomentum, config.aptNeighbours);
  }
}
