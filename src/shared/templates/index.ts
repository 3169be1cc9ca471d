import { alexnetTemplate } from './alexnet';
import { lenet5, lstmTextClassifier, unetSmall } from './classics';
import { densenet121Template } from './densenet';
import { mobilenetV2Template } from './mobilenet';
import { resnet18, resnet50 } from './resnet';
import { SEED_TEMPLATES } from './seeds';
import { squeezenetTemplate } from './squeezenet';
import { bertBase, gpt2Small } from './transformers';
import type { Template } from './types';
import { vgg16Template } from './vgg';
import { llama2_7b, llama3_8b, mistral7b, mixtral8x7b } from './llama';
import { vitB16 } from './vit';

export type { Template } from './types';

/** Every template, small examples first (what a new user opens), then the published architectures. */
export const TEMPLATES: readonly Template[] = [
  ...SEED_TEMPLATES,
  lenet5,
  lstmTextClassifier,
  unetSmall,
  vgg16Template,
  alexnetTemplate,
  resnet18,
  resnet50,
  mobilenetV2Template,
  densenet121Template,
  squeezenetTemplate,
  bertBase,
  gpt2Small,
  vitB16,
  llama2_7b,
  llama3_8b,
  mistral7b,
  mixtral8x7b,
];

const byId = new Map(TEMPLATES.map((t) => [t.id, t]));

export const templateById = (id: string): Template | undefined => byId.get(id);
