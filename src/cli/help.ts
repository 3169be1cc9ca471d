// What `paramsketch --help` and `paramsketch COMMAND --help` print.

const FILES = `FILE is any file the app opens, recognised by its content, not its name: a Paramsketch file (any
version), a Keras or TensorFlow.js model JSON (model.to_json() of Keras 1, 2 or 3, a model.json), a .keras
archive, a Keras .h5 (model.save()) or a Hugging Face config.json. - reads the standard input.`;

const CONVENTION = `  --convention keras|pytorch
                 keras: channels-last shapes, BatchNorm statistics as non-trainable parameters;
                 pytorch: channels-first shapes, running statistics as buffers, two RNN biases`;

export const HELP: Record<string, string> = {
  '': `paramsketch: count the parameters of neural-network designs, compare designs, convert model files,
draw designs

usage: paramsketch count FILE... [--template ID]... [--convention keras|pytorch] [--flat]
                         [--format table|json|csv|markdown] [--json]
       paramsketch diff A B [--convention keras|pytorch] [--json]
       paramsketch convert IN OUT [--to paramsketch|keras]
       paramsketch export FILE|--template ID (--svg OUT | --png OUT) [--scale 1|2|4]
                          [--direction TB|LR] [--theme light|dark] [--shapes] [--expanded]
       paramsketch templates
       paramsketch COMMAND --help     what a command does, its options and exit status
       paramsketch --version

${FILES}

exit status: 0 success; 1 a file could not be counted, read or written (diff: the designs differ);
2 a usage error (diff: also a file that could not be read)`,

  count: `usage: paramsketch count FILE... [--template ID]... [--convention keras|pytorch] [--flat]
                         [--format table|json|csv|markdown] [--json]

Counts each file's (and template's) parameters, per layer and in total, in the order given.

${FILES}

  --template ID  a built-in template (paramsketch templates lists them), counted like a file
${CONVENTION}
                 default: the file's own (a Paramsketch file's as saved, keras for Keras models,
                 pytorch for Hugging Face configs), a template's published figure's
  --flat         every layer of every block (copies of a stack too), named \`block › layer\`;
                 by default a block instance is one row
  --format       table (default): Keras's model.summary() layout with the worked formula of each count
                 json: one array, an object per file or template (--json says the same)
                 csv, markdown: the summary table exactly as the app exports it; with several files,
                 csv gets a first column File, markdown a heading per file

A file that cannot be read is one line on the standard error, and the others are still counted.

exit status: 0 every file counted; 1 some file could not be read or has errors; 2 usage error`,

  diff: `usage: paramsketch diff A B [--convention keras|pytorch] [--json]

Compares two designs as the app's Compare view does: the totals (trainable, non-trainable) of each and
their difference, then the layers of B aligned with those of A:
   (blank) the same   ~ changed (the fields that differ are listed; inputs: fed by other layers)
   + only in B        - only in A        * same settings, but another count (what feeds it changed)

${FILES}

${CONVENTION}
                 default: A's own (a Paramsketch file's as saved, keras for Keras models, pytorch for
                 Hugging Face configs)
  --json         the same comparison as data, with both conventions' counts

exit status: 0 the designs are the same; 1 they differ; 2 usage error, or a file could not be read`,

  convert: `usage: paramsketch convert IN OUT [--to paramsketch|keras]

Writes IN as the app exports it: a Paramsketch file (a model laid out as the app lays out an import),
or Keras model JSON (which tf.keras model_from_json and tf.models.modelFromJSON load; blocks are
written as their layers). IN is any FILE (below); OUT is - for the standard output.

What OUT is: --to says; else OUT's name: *.paramsketch.json or *.paramsketch is a Paramsketch file,
any other *.json Keras model JSON; OUT - is the other kind than IN (a model becomes a Paramsketch file).

${FILES}

exit status: 0 written; 1 IN could not be read, or not written as OUT (nothing is written then); 2 usage error`,

  export: `usage: paramsketch export FILE|--template ID (--svg OUT | --png OUT) [--scale 1|2|4]
                          [--direction TB|LR] [--theme light|dark] [--shapes] [--collapsed|--expanded]
                          [--convention keras|pytorch]

Draws a design as the app's Export menu does: a box per layer (type, name, key fields, output shape and
count) coloured by family, edges with arrowheads, a legend with the name, totals and convention, laid
out for paper. The SVG is plain (no foreignObject, no external resources, generic fonts); the PNG is
that SVG drawn by resvg. A design with problems is drawn all the same, each problem in its layer's box.

${FILES}

  --template ID  a built-in template (paramsketch templates lists them) instead of a FILE
  --svg OUT      write the SVG to OUT (- the standard output)
  --png OUT      write the PNG to OUT (- the standard output); --svg and --png may both be given
  --scale        PNG pixels per SVG unit: 1, 2 (default) or 4; smaller, with a note, past 200 M pixels
  --direction    TB top to bottom (default) or LR left to right
  --theme        light (default) or dark
  --shapes       label each edge with the tensor shape it carries
  --expanded     draw each block instance as its layers; --collapsed (default): one box, ×N for a stack
${CONVENTION}
                 default: the file's own, a template's published figure's

exit status: 0 written; 1 the file could not be read, or OUT not written; 2 usage error`,

  templates: `usage: paramsketch templates

Lists the built-in templates (the app's gallery): ID, name, and the conventions of its published figure.
paramsketch count --template ID counts one.

exit status: 0; 2 usage error`,
};
