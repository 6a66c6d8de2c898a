"""A fairseq-style tiny RoBERTa written the way fairseq/models/__init__.py, fairseq/models/roberta/model.py, fairseq/models/transformer.py (pre-dataclass era) and fairseq/utils.py wire things: @register_model('tiny_roberta') stores the class in MODEL_REGISTRY and returns it, @register_model_architecture('tiny_roberta', 'tiny_roberta_small') stores architecture functions that fill an argparse.Namespace with getattr(args, name, default) and chain to base_architecture(args), build_model(args, task) looks the class up by args.arch and calls the @classmethod build_model(args, task), activations come from get_activation_fn(name) (a string -> function table that falls back to getattr(F, name)), the encoder works time-first (B x T x C -> T x B x C) and returns an EncoderOut NamedTuple (encoder_out, encoder_padding_mask, encoder_embedding, encoder_states), positions are a LearnedPositionalEmbedding subclass of nn.Embedding computing make_positions from the padding mask, the LM head ties its weight to embed_tokens through F.linear, and classification heads live in an nn.ModuleDict filled by register_classification_head(name, num_classes) and selected by the classification_head_name string passed to forward. The hub-interface wrapper's forward calls predict(self.default_head, tokens)."""
import argparse
import math
from typing import List, NamedTuple, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

MODEL_REGISTRY = {}
ARCH_MODEL_REGISTRY = {}
ARCH_MODEL_NAME_REGISTRY = {}
ARCH_CONFIG_REGISTRY = {}


class BaseFairseqModel(nn.Module):
    def __init__(self):
        super().__init__()

    @staticmethod
    def add_args(parser):
        pass

    @classmethod
    def build_model(cls, args, task):
        raise NotImplementedError('Model must implement the build_model method')

    def get_normalized_probs(self, net_output, log_probs):
        logits = net_output[0].float()
        if log_probs:
            return F.log_softmax(logits, dim=-1)
        else:
            return F.softmax(logits, dim=-1)


class FairseqEncoder(nn.Module):
    def __init__(self, dictionary):
        super().__init__()
        self.dictionary = dictionary

    def max_positions(self):
        return 1e6


class FairseqEncoderModel(BaseFairseqModel):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        assert isinstance(self.encoder, FairseqEncoder)


def register_model(name):
    def register_model_cls(cls):
        if name in MODEL_REGISTRY:
            raise ValueError('Cannot register duplicate model ({})'.format(name))
        if not issubclass(cls, BaseFairseqModel):
            raise ValueError('Model ({}: {}) must extend BaseFairseqModel'.format(name, cls.__name__))
        MODEL_REGISTRY[name] = cls
        return cls

    return register_model_cls


def register_model_architecture(model_name, arch_name):
    def register_model_arch_fn(fn):
        if model_name not in MODEL_REGISTRY:
            raise ValueError('Cannot register model architecture for unknown model type ({})'.format(model_name))
        if arch_name in ARCH_MODEL_REGISTRY:
            raise ValueError('Cannot register duplicate model architecture ({})'.format(arch_name))
        if not callable(fn):
            raise ValueError('Model architecture must be callable ({})'.format(arch_name))
        ARCH_MODEL_REGISTRY[arch_name] = MODEL_REGISTRY[model_name]
        ARCH_MODEL_NAME_REGISTRY[arch_name] = model_name
        ARCH_CONFIG_REGISTRY[arch_name] = fn
        return fn

    return register_model_arch_fn


def build_model(args, task):
    model_cls = ARCH_MODEL_REGISTRY[args.arch]
    ARCH_CONFIG_REGISTRY[args.arch](args)
    return model_cls.build_model(args, task)


def gelu_accurate(x):
    if not hasattr(gelu_accurate, '_a'):
        gelu_accurate._a = math.sqrt(2 / math.pi)
    return 0.5 * x * (1 + torch.tanh(gelu_accurate._a * (x + 0.044715 * torch.pow(x, 3))))


def get_activation_fn(activation):
    """Returns the activation function corresponding to `activation`"""
    if activation == 'relu':
        return F.relu
    elif activation == 'gelu':
        return F.gelu
    elif activation == 'gelu_accurate':
        return gelu_accurate
    elif activation == 'tanh':
        return torch.tanh
    elif activation == 'linear':
        return lambda x: x
    elif hasattr(F, activation):
        return getattr(F, activation)
    else:
        raise RuntimeError('--activation-fn {} not supported'.format(activation))


def make_positions(tensor, padding_idx: int):
    mask = tensor.ne(padding_idx).int()
    return (torch.cumsum(mask, dim=1).type_as(mask) * mask).long() + padding_idx


class Dictionary:
    def __init__(self, symbols, pad='<pad>', eos='</s>', unk='<unk>', bos='<s>'):
        self.symbols = []
        self.indices = {}
        for s in [bos, pad, eos, unk] + list(symbols):
            self.add_symbol(s)
        self.pad_index = self.indices[pad]

    def add_symbol(self, word):
        if word not in self.indices:
            self.indices[word] = len(self.symbols)
            self.symbols.append(word)
        return self.indices[word]

    def __len__(self):
        return len(self.symbols)

    def pad(self):
        return self.pad_index


class SentencePredictionTask:
    def __init__(self, args, dictionary):
        self.args = args
        self.dictionary = dictionary

    @property
    def source_dictionary(self):
        return self.dictionary


class LearnedPositionalEmbedding(nn.Embedding):
    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int):
        super().__init__(num_embeddings, embedding_dim, padding_idx)
        self.max_positions = self.num_embeddings - self.padding_idx - 1

    def forward(self, input, positions=None):
        if positions is None:
            positions = make_positions(input, self.padding_idx)
        return F.embedding(positions, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                           self.scale_grad_by_freq, self.sparse)


EncoderOut = NamedTuple(
    'EncoderOut',
    [
        ('encoder_out', torch.Tensor),  # T x B x C
        ('encoder_padding_mask', Optional[torch.Tensor]),  # B x T
        ('encoder_embedding', Optional[torch.Tensor]),  # B x T x C
        ('encoder_states', Optional[List[torch.Tensor]]),  # List[T x B x C]
    ],
)


class TransformerEncoderLayer(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.embed_dim = args.encoder_embed_dim
        self.self_attn = nn.MultiheadAttention(self.embed_dim, args.encoder_attention_heads,
                                               dropout=args.attention_dropout)
        self.self_attn_layer_norm = nn.LayerNorm(self.embed_dim)
        self.dropout = args.dropout
        self.activation_fn = get_activation_fn(activation=getattr(args, 'activation_fn', 'relu'))
        self.activation_dropout = getattr(args, 'activation_dropout', 0)
        self.normalize_before = args.encoder_normalize_before
        self.fc1 = nn.Linear(self.embed_dim, args.encoder_ffn_embed_dim)
        self.fc2 = nn.Linear(args.encoder_ffn_embed_dim, self.embed_dim)
        self.final_layer_norm = nn.LayerNorm(self.embed_dim)

    def maybe_layer_norm(self, layer_norm, x, before=False, after=False):
        assert before ^ after
        if after ^ self.normalize_before:
            return layer_norm(x)
        else:
            return x

    def forward(self, x, encoder_padding_mask):
        residual = x
        x = self.maybe_layer_norm(self.self_attn_layer_norm, x, before=True)
        x, _ = self.self_attn(query=x, key=x, value=x, key_padding_mask=encoder_padding_mask, need_weights=False)
        x = F.dropout(x, p=self.dropout, training=self.training)
        x = residual + x
        x = self.maybe_layer_norm(self.self_attn_layer_norm, x, after=True)

        residual = x
        x = self.maybe_layer_norm(self.final_layer_norm, x, before=True)
        x = self.activation_fn(self.fc1(x))
        x = F.dropout(x, p=float(self.activation_dropout), training=self.training)
        x = self.fc2(x)
        x = F.dropout(x, p=self.dropout, training=self.training)
        x = residual + x
        x = self.maybe_layer_norm(self.final_layer_norm, x, after=True)
        return x


class TransformerEncoder(FairseqEncoder):
    def __init__(self, args, dictionary, embed_tokens):
        super().__init__(dictionary)
        self.dropout = args.dropout

        embed_dim = embed_tokens.embedding_dim
        self.padding_idx = embed_tokens.padding_idx
        self.max_source_positions = args.max_source_positions

        self.embed_tokens = embed_tokens
        self.embed_scale = 1.0 if args.no_scale_embedding else math.sqrt(embed_dim)
        self.embed_positions = LearnedPositionalEmbedding(
            args.max_source_positions + self.padding_idx + 1, embed_dim, self.padding_idx,
        ) if not args.no_token_positional_embeddings else None

        self.layers = nn.ModuleList([TransformerEncoderLayer(args) for i in range(args.encoder_layers)])

        if getattr(args, 'layernorm_embedding', False):
            self.layernorm_embedding = nn.LayerNorm(embed_dim)
        else:
            self.layernorm_embedding = None
        if args.encoder_normalize_before:
            self.layer_norm = nn.LayerNorm(embed_dim)
        else:
            self.layer_norm = None

    def forward_embedding(self, src_tokens):
        # embed tokens and positions
        x = embed = self.embed_scale * self.embed_tokens(src_tokens)
        if self.embed_positions is not None:
            x = embed + self.embed_positions(src_tokens)
        if self.layernorm_embedding is not None:
            x = self.layernorm_embedding(x)
        x = F.dropout(x, p=self.dropout, training=self.training)
        return x, embed

    def forward(self, src_tokens, src_lengths=None, return_all_hiddens: bool = False):
        x, encoder_embedding = self.forward_embedding(src_tokens)

        # B x T x C -> T x B x C
        x = x.transpose(0, 1)

        # compute padding mask
        encoder_padding_mask = src_tokens.eq(self.padding_idx)

        encoder_states = [] if return_all_hiddens else None

        # encoder layers
        for layer in self.layers:
            x = layer(x, encoder_padding_mask)
            if return_all_hiddens:
                assert encoder_states is not None
                encoder_states.append(x)

        if self.layer_norm is not None:
            x = self.layer_norm(x)
            if return_all_hiddens:
                encoder_states[-1] = x

        return EncoderOut(
            encoder_out=x,  # T x B x C
            encoder_padding_mask=encoder_padding_mask,  # B x T
            encoder_embedding=encoder_embedding,  # B x T x C
            encoder_states=encoder_states,  # List[T x B x C]
        )


class RobertaLMHead(nn.Module):
    """Head for masked language modeling."""

    def __init__(self, embed_dim, output_dim, activation_fn, weight=None):
        super().__init__()
        self.dense = nn.Linear(embed_dim, embed_dim)
        self.activation_fn = get_activation_fn(activation_fn)
        self.layer_norm = nn.LayerNorm(embed_dim)

        if weight is None:
            weight = nn.Linear(embed_dim, output_dim, bias=False).weight
        self.weight = weight
        self.bias = nn.Parameter(torch.zeros(output_dim))

    def forward(self, features, masked_tokens=None, **kwargs):
        # Only project the masked tokens while training,
        # saves both memory and computation
        if masked_tokens is not None:
            features = features[masked_tokens, :]

        x = self.dense(features)
        x = self.activation_fn(x)
        x = self.layer_norm(x)
        # project back to size of vocabulary with bias
        x = F.linear(x, self.weight) + self.bias
        return x


class RobertaClassificationHead(nn.Module):
    """Head for sentence-level classification tasks."""

    def __init__(self, input_dim, inner_dim, num_classes, activation_fn, pooler_dropout):
        super().__init__()
        self.dense = nn.Linear(input_dim, inner_dim)
        self.activation_fn = get_activation_fn(activation_fn)
        self.dropout = nn.Dropout(p=pooler_dropout)
        self.out_proj = nn.Linear(inner_dim, num_classes)

    def forward(self, features, **kwargs):
        x = features[:, 0, :]  # take <s> token (equiv. to [CLS])
        x = self.dropout(x)
        x = self.dense(x)
        x = self.activation_fn(x)
        x = self.dropout(x)
        x = self.out_proj(x)
        return x


class RobertaEncoder(FairseqEncoder):
    """RoBERTa encoder."""

    def __init__(self, args, dictionary):
        super().__init__(dictionary)
        self.args = args
        embed_tokens = nn.Embedding(len(dictionary), args.encoder_embed_dim, dictionary.pad())
        self.sentence_encoder = TransformerEncoder(args, dictionary, embed_tokens)
        self.lm_head = RobertaLMHead(
            embed_dim=args.encoder_embed_dim,
            output_dim=len(dictionary),
            activation_fn=args.activation_fn,
            weight=self.sentence_encoder.embed_tokens.weight if not args.untie_weights_roberta else None,
        )

    def forward(self, src_tokens, features_only=False, return_all_hiddens=False, masked_tokens=None, **unused):
        x, extra = self.extract_features(src_tokens, return_all_hiddens=return_all_hiddens)
        if not features_only:
            x = self.output_layer(x, masked_tokens=masked_tokens)
        return x, extra

    def extract_features(self, src_tokens, return_all_hiddens=False, **kwargs):
        encoder_out = self.sentence_encoder(src_tokens, return_all_hiddens=return_all_hiddens)
        features = encoder_out.encoder_out.transpose(0, 1)  # T x B x C -> B x T x C
        inner_states = encoder_out.encoder_states if return_all_hiddens else None
        return features, {'inner_states': inner_states}

    def output_layer(self, features, masked_tokens=None, **unused):
        return self.lm_head(features, masked_tokens)

    def max_positions(self):
        return self.args.max_positions


@register_model('tiny_roberta')
class TinyRobertaModel(FairseqEncoderModel):
    def __init__(self, args, encoder):
        super().__init__(encoder)
        self.args = args
        self.classification_heads = nn.ModuleDict()

    @staticmethod
    def add_args(parser):
        parser.add_argument('--encoder-layers', type=int, metavar='L')
        parser.add_argument('--encoder-embed-dim', type=int, metavar='H')
        parser.add_argument('--activation-fn', type=str)
        parser.add_argument('--pooler-activation-fn', type=str)

    @classmethod
    def build_model(cls, args, task):
        """Build a new model instance."""
        # make sure all arguments are present
        base_architecture(args)

        if not hasattr(args, 'max_positions'):
            args.max_positions = args.tokens_per_sample
        args.max_source_positions = args.max_positions

        encoder = RobertaEncoder(args, task.source_dictionary)
        return cls(args, encoder)

    def forward(self, src_tokens, features_only=False, return_all_hiddens=False, classification_head_name=None,
                **kwargs):
        if classification_head_name is not None:
            features_only = True

        x, extra = self.encoder(src_tokens, features_only, return_all_hiddens, **kwargs)

        if classification_head_name is not None:
            x = self.classification_heads[classification_head_name](x)
        return x, extra

    def register_classification_head(self, name, num_classes=None, inner_dim=None, **kwargs):
        """Register a classification head."""
        self.classification_heads[name] = RobertaClassificationHead(
            input_dim=self.args.encoder_embed_dim,
            inner_dim=inner_dim or self.args.encoder_embed_dim,
            num_classes=num_classes,
            activation_fn=self.args.pooler_activation_fn,
            pooler_dropout=self.args.pooler_dropout,
        )


@register_model_architecture('tiny_roberta', 'tiny_roberta')
def base_architecture(args):
    args.encoder_layers = getattr(args, 'encoder_layers', 2)
    args.encoder_embed_dim = getattr(args, 'encoder_embed_dim', 48)
    args.encoder_ffn_embed_dim = getattr(args, 'encoder_ffn_embed_dim', 96)
    args.encoder_attention_heads = getattr(args, 'encoder_attention_heads', 4)

    args.activation_fn = getattr(args, 'activation_fn', 'gelu')
    args.pooler_activation_fn = getattr(args, 'pooler_activation_fn', 'tanh')

    args.dropout = getattr(args, 'dropout', 0.1)
    args.attention_dropout = getattr(args, 'attention_dropout', 0.1)
    args.activation_dropout = getattr(args, 'activation_dropout', 0.0)
    args.pooler_dropout = getattr(args, 'pooler_dropout', 0.0)
    args.encoder_normalize_before = getattr(args, 'encoder_normalize_before', False)
    args.no_scale_embedding = getattr(args, 'no_scale_embedding', True)
    args.layernorm_embedding = getattr(args, 'layernorm_embedding', True)
    args.no_token_positional_embeddings = getattr(args, 'no_token_positional_embeddings', False)
    args.untie_weights_roberta = getattr(args, 'untie_weights_roberta', False)


@register_model_architecture('tiny_roberta', 'tiny_roberta_small')
def roberta_small_architecture(args):
    args.encoder_layers = getattr(args, 'encoder_layers', 1)
    args.encoder_embed_dim = getattr(args, 'encoder_embed_dim', 32)
    args.encoder_ffn_embed_dim = getattr(args, 'encoder_ffn_embed_dim', 64)
    args.activation_fn = getattr(args, 'activation_fn', 'silu')
    args.encoder_normalize_before = getattr(args, 'encoder_normalize_before', True)
    base_architecture(args)


class RobertaHubInterface(nn.Module):
    def __init__(self, args, task, model, default_head=None):
        super().__init__()
        self.args = args
        self.task = task
        self.model = model
        self.default_head = default_head

    def extract_features(self, tokens, return_all_hiddens=False):
        if tokens.dim() == 1:
            tokens = tokens.unsqueeze(0)
        features, extra = self.model(tokens, features_only=True, return_all_hiddens=return_all_hiddens)
        if return_all_hiddens:
            # convert from T x B x C -> B x T x C
            inner_states = extra['inner_states']
            return [inner_state.transpose(0, 1) for inner_state in inner_states]
        else:
            return features  # just the last layer's features

    def predict(self, head, tokens, return_logits=False):
        features = self.extract_features(tokens)
        logits = self.model.classification_heads[head](features)
        if return_logits:
            return logits
        return F.log_softmax(logits, dim=-1)

    def forward(self, tokens):
        return self.predict(self.default_head, tokens)


def _setup(arch, **overrides):
    dictionary = Dictionary(['tok%d' % i for i in range(60)])
    args = argparse.Namespace(arch=arch, tokens_per_sample=32, **overrides)
    task = SentencePredictionTask(args, dictionary)
    return args, task


# shapelint: input=(2, 16)
def tiny_roberta_mlm():
    args, task = _setup('tiny_roberta')
    return build_model(args, task)


# shapelint: input=(2, 20)
def tiny_roberta_small_mnli():
    args, task = _setup('tiny_roberta_small', pooler_dropout=0.1)
    model = build_model(args, task)
    model.register_classification_head('mnli', num_classes=3, inner_dim=24)
    model.register_classification_head('sts_b', num_classes=1)
    return RobertaHubInterface(args, task, model, default_head='mnli')


# shapelint: input=(2, 12)
def tiny_roberta_sentence_encoder():
    args, task = _setup('tiny_roberta', encoder_layers=3, activation_fn='gelu_accurate',
                        encoder_normalize_before=True)
    model = build_model(args, task)
    return model.encoder.sentence_encoder
